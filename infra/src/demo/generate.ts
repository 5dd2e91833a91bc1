/**
 * A realistic, deterministic ledger for a household of two: the demo data behind
 * `npm start` and the rows behind the ledger benchmark. Pure: no I/O, no clock, no
 * Math.random; the same options always give the same rows, in the same order, with
 * the same source ids.
 *
 * Shape of the household (US, USD):
 * - a joint checking account that salaries land in and rent, utilities and card bills leave;
 * - one credit card per member (subscriptions, most day-to-day spending);
 * - a savings account fed by a monthly transfer and paying monthly interest.
 *
 * Amounts are signed integer cents: negative = money leaves the account.
 */
import { DEFAULT_CATEGORIES } from "@tandem/shared";
import { createRandom, type Random } from "./random";

export type MemberKey = "alex" | "blair";
export type AccountKey = "checking" | "savings" | "alex-card" | "blair-card";
type CardKey = "alex-card" | "blair-card";

export interface DemoMember {
  key: MemberKey;
  displayName: string;
}

export interface DemoAccount {
  key: AccountKey;
  name: string;
  type: "checking" | "savings" | "credit";
  institution: string;
  currency: "USD";
  /** Minor units, signed like transactions. */
  openingBalance: number;
  /** The member who owns it; null = shared by the household. */
  ownerKey: MemberKey | null;
}

export interface DemoTransaction {
  accountKey: AccountKey;
  /** YYYY-MM-DD. */
  date: string;
  /** Integer minor units; negative = money leaves the account. */
  amount: number;
  description: string;
  merchant: string | null;
  /** A subcategory name from DEFAULT_CATEGORIES. */
  categoryName: string;
  pending: boolean;
  /** Stable across runs with the same options: `demo-<n>`, n counting from 1 in emission order. */
  sourceId: string;
}

export interface DemoOptions {
  seed: number;
  /** How many months of history end at endDate (the range starts the day after endDate minus this many months). */
  months: number;
  /** The last day of history, YYYY-MM-DD (usually today). */
  endDate: string;
  /**
   * When set, exactly this many transactions are generated: the scheduled ones (salaries,
   * rent, bills, transfers, card payments) stay as they are and day-to-day spending is
   * scaled up or down to fill the rest. For benchmarks.
   */
  transactionsTarget?: number;
}

export const DEMO_MEMBERS: readonly DemoMember[] = [
  { key: "alex", displayName: "Alex" },
  { key: "blair", displayName: "Blair" },
];

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    key: "checking",
    name: "Joint checking",
    type: "checking",
    institution: "Hudson Community Bank",
    currency: "USD",
    openingBalance: 850_000,
    ownerKey: null,
  },
  {
    key: "savings",
    name: "Rainy-day savings",
    type: "savings",
    institution: "Hudson Community Bank",
    currency: "USD",
    openingBalance: 1_500_000,
    ownerKey: null,
  },
  {
    key: "alex-card",
    name: "Alex's Visa",
    type: "credit",
    institution: "Harbor Card Services",
    currency: "USD",
    openingBalance: 0,
    ownerKey: "alex",
  },
  {
    key: "blair-card",
    name: "Blair's Mastercard",
    type: "credit",
    institution: "Summit Credit Union",
    currency: "USD",
    openingBalance: 0,
    ownerKey: "blair",
  },
];

// ---------------------------------------------------------------------------------------
// Day-to-day spending. `rate` is the expected count per day in the natural (untargeted)
// household; with a target, rates only set the mix.

interface Merchant {
  name: string;
  descriptors: readonly string[];
}

interface SpendingKind {
  category: string;
  rate: number;
  accounts: readonly (readonly [AccountKey, number])[];
  merchants: readonly Merchant[];
  /** Cents, inclusive; amounts skew towards min by `skew` (1 = uniform). */
  min: number;
  max: number;
  skew: number;
  /** Purchases a refund may later reverse (same statement month, same card). */
  refundable?: boolean;
}

const m = (name: string, ...descriptors: string[]): Merchant => ({ name, descriptors });
/** Either member's card, equally. */
const BOTH_CARDS: readonly (readonly [AccountKey, number])[] = [
  ["alex-card", 0.5],
  ["blair-card", 0.5],
];
const CARDS_MOSTLY: readonly (readonly [AccountKey, number])[] = [
  ["alex-card", 0.4],
  ["blair-card", 0.4],
  ["checking", 0.2],
];

const SPENDING: readonly SpendingKind[] = [
  {
    category: "Groceries",
    rate: 0.55,
    accounts: [
      ["blair-card", 0.45],
      ["alex-card", 0.35],
      ["checking", 0.2],
    ],
    merchants: [
      m("Trader Joe's", "TRADER JOE'S #552 BROOKLYN NY", "TRADER JOE'S #540 NEW YORK NY"),
      m("Whole Foods Market", "WHOLEFDS BKN 10230", "WHOLE FOODS MKT #10152"),
      m("Key Food", "KEY FOOD SUPERMARKET 4411"),
      m("Costco", "COSTCO WHSE #1065 BROOKLYN"),
      m("Aldi", "ALDI 72031 BROOKLYN NY"),
      m("Fairway Market", "FAIRWAY MARKET RED HOOK"),
    ],
    min: 900,
    max: 24_000,
    skew: 1.8,
  },
  {
    category: "Restaurants",
    rate: 0.3,
    accounts: CARDS_MOSTLY,
    merchants: [
      m("Chipotle", "CHIPOTLE 2231 BROOKLYN NY"),
      m("Sweetgreen", "SWEETGREEN DUMBO"),
      m("Joe's Pizza", "JOE'S PIZZA BROADWAY"),
      m("Thai Basil", "SQ *THAI BASIL BROOKLYN"),
      m("Shake Shack", "SHAKE SHACK #1123"),
      m("Lucali", "TST* LUCALI BROOKLYN"),
      m("DoorDash", "DOORDASH*DASHPASS", "DD *DOORDASH THAIBASIL"),
    ],
    min: 1_200,
    max: 14_000,
    skew: 1.7,
  },
  {
    category: "Coffee",
    rate: 0.5,
    accounts: [
      ["alex-card", 0.5],
      ["blair-card", 0.4],
      ["checking", 0.1],
    ],
    merchants: [
      m("Starbucks", "STARBUCKS STORE 11891", "STARBUCKS STORE 07712"),
      m("Blue Bottle Coffee", "BLUE BOTTLE COFFEE BKLYN"),
      m("Dunkin'", "DUNKIN #349801 Q35"),
      m("Joe Coffee", "SQ *JOE COFFEE COMPANY"),
    ],
    min: 325,
    max: 1_150,
    skew: 1.3,
  },
  {
    category: "Fuel",
    rate: 0.13,
    accounts: [
      ["alex-card", 0.7],
      ["blair-card", 0.3],
    ],
    merchants: [
      m("Shell", "SHELL OIL 57444032500"),
      m("ExxonMobil", "EXXONMOBIL 97412233"),
      m("BP", "BP#9523401 ATLANTIC AVE"),
    ],
    min: 2_800,
    max: 7_400,
    skew: 1,
  },
  {
    category: "Household",
    rate: 0.08,
    accounts: CARDS_MOSTLY,
    merchants: [
      m("Amazon", "AMAZON MKTPL*2K4LQ81T0", "AMZN Mktp US*HZ1PQ7"),
      m("Target", "TARGET 00013763"),
      m("The Home Depot", "THE HOME DEPOT #1207"),
      m("IKEA", "IKEA BROOKLYN"),
    ],
    min: 1_200,
    max: 16_000,
    skew: 1.8,
    refundable: true,
  },
  {
    category: "Clothing",
    rate: 0.05,
    accounts: [
      ["alex-card", 0.45],
      ["blair-card", 0.55],
    ],
    merchants: [
      m("Uniqlo", "UNIQLO USA 5TH AVE"),
      m("Zara", "ZARA USA 3245"),
      m("Nordstrom Rack", "NORDSTROM RACK #0562"),
      m("H&M", "H&M 0291 BROOKLYN"),
    ],
    min: 1_900,
    max: 19_000,
    skew: 1.6,
    refundable: true,
  },
  {
    category: "Electronics",
    rate: 0.01,
    accounts: [
      ["alex-card", 0.6],
      ["blair-card", 0.4],
    ],
    merchants: [
      m("Best Buy", "BEST BUY 00012345"),
      m("Apple", "APPLE STORE R102"),
      m("B&H Photo", "B&H PHOTO 800-606-6969"),
    ],
    min: 2_500,
    max: 120_000,
    skew: 2.2,
    refundable: true,
  },
  {
    category: "Pharmacy",
    rate: 0.05,
    accounts: CARDS_MOSTLY,
    merchants: [m("CVS Pharmacy", "CVS/PHARMACY #02153"), m("Walgreens", "WALGREENS #10721")],
    min: 400,
    max: 6_500,
    skew: 1.7,
  },
  {
    category: "Doctor",
    rate: 0.01,
    accounts: [["checking", 1]],
    merchants: [m("CityMD", "CITYMD URGENT CARE"), m("Brooklyn Dental", "BROOKLYN DENTAL ASSOC")],
    min: 2_500,
    max: 25_000,
    skew: 2,
  },
  {
    category: "Public transport",
    rate: 0.15,
    accounts: BOTH_CARDS,
    merchants: [m("MTA", "MTA*NYCT PAYGO", "OMNY MTA NYCT")],
    min: 290,
    max: 580,
    skew: 3,
  },
  {
    category: "Taxi",
    rate: 0.05,
    accounts: BOTH_CARDS,
    merchants: [m("Uber", "UBER *TRIP HELP.UBER.COM"), m("Lyft", "LYFT *RIDE THU 8PM")],
    min: 1_100,
    max: 5_500,
    skew: 1.5,
  },
  {
    category: "Parking",
    rate: 0.02,
    accounts: [["alex-card", 1]],
    merchants: [m("SpotHero", "SPOTHERO 8885551234"), m("Icon Parking", "ICON PARKING SYSTEMS")],
    min: 900,
    max: 4_500,
    skew: 1.3,
  },
  {
    category: "Events",
    rate: 0.02,
    accounts: CARDS_MOSTLY,
    merchants: [m("Ticketmaster", "TICKETMASTER*EVENT"), m("AMC Theatres", "AMC 2197 ONLINE")],
    min: 1_500,
    max: 22_000,
    skew: 1.8,
  },
  {
    category: "Hobbies",
    rate: 0.03,
    accounts: CARDS_MOSTLY,
    merchants: [
      m("REI", "REI #0017 BROOKLYN"),
      m("Michaels", "MICHAELS #9481"),
      m("Steam", "STEAM PURCHASE 425-889-9642"),
    ],
    min: 900,
    max: 12_000,
    skew: 1.7,
  },
  {
    category: "Flights",
    rate: 0.006,
    accounts: BOTH_CARDS,
    merchants: [m("Delta Air Lines", "DELTA AIR 0062345718293"), m("JetBlue", "JETBLUE 2792301124895")],
    min: 14_000,
    max: 70_000,
    skew: 1.4,
  },
  {
    category: "Lodging",
    rate: 0.006,
    accounts: BOTH_CARDS,
    merchants: [m("Airbnb", "AIRBNB * HMQ4ZT8K3B"), m("Marriott", "MARRIOTT BOSTON COPLEY")],
    min: 18_000,
    max: 95_000,
    skew: 1.4,
  },
];

/** Refunds reverse an earlier purchase of a refundable kind on the same card, same month. */
const REFUND = { category: "Refunds", rate: 0.02 } as const;

// ---------------------------------------------------------------------------------------
// The monthly schedule: salaries, rent, bills, subscriptions, transfers, card payments.
// Which of these happen on a day depends only on the calendar, so the number of
// scheduled rows is known before any amount is drawn (that is what makes an exact
// transactionsTarget possible).

type Scheduled =
  | "rent"
  | "salary-alex"
  | "salary-blair"
  | "savings-transfer"
  | "gym"
  | "netflix"
  | "electric"
  | "spotify"
  | "internet"
  | "phone"
  | "gas"
  | "insurance"
  | "payment-alex-card"
  | "payment-blair-card"
  | "interest";

const PAIRED: ReadonlySet<Scheduled> = new Set(["savings-transfer", "payment-alex-card", "payment-blair-card"]);
const rowsOf = (event: Scheduled) => (PAIRED.has(event) ? 2 : 1);

const FIXED_DAYS: readonly (readonly [number, Scheduled])[] = [
  [1, "rent"],
  [2, "savings-transfer"],
  [3, "gym"],
  [5, "netflix"],
  [8, "electric"],
  [10, "spotify"],
  [12, "internet"],
  [14, "phone"],
  [18, "gas"],
  [20, "payment-alex-card"],
  [20, "payment-blair-card"],
  [22, "insurance"],
];

interface Day {
  iso: string;
  year: number;
  month: number; // 1-12
  day: number;
  daysInMonth: number;
  weekday: number; // 0 = Sunday
  /** The first day of the month, or the first day of the range. */
  startsMonth: boolean;
  scheduled: Scheduled[];
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const isoOf = (year: number, month: number, day: number) => `${year}-${pad2(month)}-${pad2(day)}`;
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const weekdayOf = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay();

/** Payday rolls back to Friday when it falls on a weekend. */
function businessDayOnOrBefore(year: number, month: number, day: number): number {
  const weekday = weekdayOf(year, month, day);
  return weekday === 6 ? day - 1 : weekday === 0 ? day - 2 : day;
}

function parseIsoDate(value: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) throw new RangeError(`endDate must be YYYY-MM-DD, got "${value}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    throw new RangeError(`endDate "${value}" is not a calendar date`);
  }
  return [year, month, day];
}

/** The first day of history: the day after endDate minus `months` months (day clamped to month end). */
export function rangeStart(endDate: string, months: number): string {
  const [year, month, day] = parseIsoDate(endDate);
  const monthIndex = year * 12 + (month - 1) - months;
  const y = Math.floor(monthIndex / 12);
  const mo = (monthIndex % 12) + 1;
  const date = new Date(Date.UTC(y, mo - 1, Math.min(day, daysIn(y, mo)) + 1));
  return date.toISOString().slice(0, 10);
}

function planDays(startIso: string, endIso: string): Day[] {
  const days: Day[] = [];
  const [sy, sm, sd] = parseIsoDate(startIso);
  const [ey, em, ed] = parseIsoDate(endIso);
  const endKey = ey * 10_000 + em * 100 + ed;
  const startKey = sy * 10_000 + sm * 100 + sd;
  let [year, month, day] = [sy, sm, sd];
  let weekday = weekdayOf(year, month, day);
  while (year * 10_000 + month * 100 + day <= endKey) {
    const daysInMonth = daysIn(year, month);
    const scheduled: Scheduled[] = [];
    for (const [dom, event] of FIXED_DAYS) if (dom === day) scheduled.push(event);
    if (day === businessDayOnOrBefore(year, month, 15)) scheduled.push("salary-blair");
    if (day === businessDayOnOrBefore(year, month, daysInMonth)) scheduled.push("salary-alex");
    if (day === daysInMonth) scheduled.push("interest");
    // A card is paid on the 20th for last month's statement, but only once a whole
    // statement month lies in range: then the statement holds at least two
    // subscriptions and is guaranteed to be owed, so the payment is never zero.
    const previousMonthKey = (month === 1 ? (year - 1) * 10_000 + 1_200 : year * 10_000 + (month - 1) * 100) + 1;
    const filtered = previousMonthKey >= startKey ? scheduled : scheduled.filter((e) => !e.startsWith("payment-"));
    days.push({
      iso: isoOf(year, month, day),
      year,
      month,
      day,
      daysInMonth,
      weekday,
      startsMonth: day === 1 || days.length === 0,
      scheduled: filtered,
    });
    weekday = (weekday + 1) % 7;
    if (day < daysInMonth) day += 1;
    else if (month < 12) [month, day] = [month + 1, 1];
    else [year, month, day] = [year + 1, 1, 1];
  }
  return days;
}

// People buy more at weekends.
const WEEKDAY_FACTOR = [1.2, 0.9, 0.9, 0.9, 0.95, 1.15, 1.4] as const;
const NATURAL_RATE = SPENDING.reduce<number>((sum, kind) => sum + kind.rate, REFUND.rate);

/**
 * How many day-to-day transactions each day gets: `total` spread over days by jittered
 * weights, with cumulative rounding so the counts add up to exactly `total`.
 */
function spreadOverDays(days: readonly Day[], total: number, random: Random): number[] {
  const weights = days.map((d) => {
    // Erlang(2) jitter, mean 1: some quiet days, some busy ones.
    const jitter = -(Math.log(1 - random.next()) + Math.log(1 - random.next())) / 2;
    return WEEKDAY_FACTOR[d.weekday]! * jitter;
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts: number[] = [];
  let cumulative = 0;
  let assigned = 0;
  for (const weight of weights) {
    cumulative += weight;
    const upTo = sum > 0 ? Math.round((total * cumulative) / sum) : 0;
    counts.push(upTo - assigned);
    assigned = upTo;
  }
  if (counts.length > 0) counts[counts.length - 1]! += total - assigned;
  return counts;
}

export interface DemoPlan {
  start: string;
  end: string;
  scheduledCount: number;
  spendingCount: number;
  total: number;
}

function validate(options: DemoOptions) {
  if (!Number.isInteger(options.seed)) throw new RangeError("seed must be an integer");
  if (!Number.isInteger(options.months) || options.months < 1) throw new RangeError("months must be an integer >= 1");
  parseIsoDate(options.endDate);
  const target = options.transactionsTarget;
  if (target !== undefined && (!Number.isInteger(target) || target < 0)) {
    throw new RangeError("transactionsTarget must be a non-negative integer");
  }
}

function plan(options: DemoOptions) {
  validate(options);
  const start = rangeStart(options.endDate, options.months);
  const days = planDays(start, options.endDate);
  let scheduledCount = 0;
  for (const day of days) for (const event of day.scheduled) scheduledCount += rowsOf(event);
  let spendingCount: number;
  if (options.transactionsTarget !== undefined) {
    spendingCount = options.transactionsTarget - scheduledCount;
    if (spendingCount < 0) {
      throw new RangeError(
        `transactionsTarget ${options.transactionsTarget} is below the ${scheduledCount} scheduled transactions of ${options.months} months`,
      );
    }
  } else {
    let weighted = 0;
    for (const day of days) weighted += WEEKDAY_FACTOR[day.weekday]!;
    spendingCount = Math.round(NATURAL_RATE * weighted);
  }
  const random = createRandom(options.seed);
  const perDay = spreadOverDays(days, spendingCount, random.fork(1));
  return { start, days, perDay, scheduledCount, spendingCount, random: random.fork(2) };
}

/** Where the range starts and how many rows the options produce, without generating them. */
export function describePlan(options: DemoOptions): DemoPlan {
  const { start, scheduledCount, spendingCount } = plan(options);
  return { start, end: options.endDate, scheduledCount, spendingCount, total: scheduledCount + spendingCount };
}

// ---------------------------------------------------------------------------------------

const PENDING_DAYS = 3;
const SAVINGS_APY = 0.0375;
const SPENDING_CUMULATIVE = (() => {
  let sum = 0;
  return [...SPENDING.map((kind) => (sum += kind.rate)), sum + REFUND.rate];
})();

interface Refundable {
  merchant: Merchant;
  amount: number;
}

/**
 * Streams the ledger in date order (scheduled rows first within a day). A million rows
 * never sit in memory: consumers write each row out as it comes.
 */
export function* generateTransactions(options: DemoOptions): Generator<DemoTransaction, void, undefined> {
  const { days, perDay, random } = plan(options);
  const pendingFrom = days.length >= PENDING_DAYS ? days[days.length - PENDING_DAYS]!.iso : days[0]?.iso;
  const startYear = days[0]?.year ?? 0;
  const balance: Record<AccountKey, number> = {
    checking: 0,
    savings: 0,
    "alex-card": 0,
    "blair-card": 0,
  };
  for (const account of DEMO_ACCOUNTS) balance[account.key] = account.openingBalance;
  const statement: Record<CardKey, number> = { "alex-card": 0, "blair-card": 0 };
  const refundable: Record<CardKey, Refundable[]> = { "alex-card": [], "blair-card": [] };
  let n = 0;

  const row = (
    accountKey: AccountKey,
    date: string,
    amount: number,
    description: string,
    merchant: string | null,
    categoryName: string,
    pending = false,
  ): DemoTransaction => {
    n += 1;
    balance[accountKey] += amount;
    return { accountKey, date, amount, description, merchant, categoryName, pending, sourceId: `demo-${n}` };
  };
  const cents = (min: number, max: number, skew = 1) => min + Math.floor((max - min + 1) * random.next() ** skew);
  // Salaries and rent step up each January.
  const yearly = (day: Day, base: number, rise: number) => Math.round(base * (1 + rise) ** (day.year - startYear));

  function scheduledRows(day: Day, event: Scheduled): DemoTransaction[] {
    const d = day.iso;
    switch (event) {
      case "rent":
        return [
          row(
            "checking",
            d,
            -yearly(day, 285_000, 0.035),
            "ZELLE PAYMENT TO PARKSIDE PROPERTY MGMT RENT",
            "Parkside Property Management",
            "Rent",
          ),
        ];
      case "salary-alex":
        return [
          row(
            "checking",
            d,
            yearly(day, 538_000, 0.03),
            "NORTHWIND LABS DES:PAYROLL ID:ALEX DIRECT DEP",
            "Northwind Labs",
            "Salary",
          ),
        ];
      case "salary-blair":
        return [
          row("checking", d, yearly(day, 412_500, 0.03), "ACME HEALTH DES:DIR DEP ID:BLAIR", "Acme Health", "Salary"),
        ];
      case "savings-transfer": {
        const amount = random.pick([150_000, 200_000, 200_000, 250_000]);
        return [
          row("checking", d, -amount, "ONLINE TRANSFER TO SAVINGS XXXXXX4417", null, "Savings"),
          row("savings", d, amount, "ONLINE TRANSFER FROM CHECKING XXXXXX2093", null, "Savings"),
        ];
      }
      case "gym":
        return [row("blair-card", d, -4_999, "CRUNCH FITNESS 800-669-7199", "Crunch Fitness", "Fitness")];
      case "netflix":
        return [row("alex-card", d, -1_549, "NETFLIX.COM LOS GATOS CA", "Netflix", "Subscriptions")];
      case "spotify":
        return [row("blair-card", d, -1_699, "SPOTIFY USA 877-778-1161", "Spotify", "Subscriptions")];
      case "electric": {
        const season = [1.3, 1.2, 1.0, 0.8, 0.8, 1.1, 1.5, 1.5, 1.1, 0.8, 0.9, 1.2][day.month - 1]!;
        const amount = Math.round(8_500 * season * (0.9 + 0.2 * random.next()));
        return [row("checking", d, -amount, "CON EDISON DES:AUTOPAY", "Con Edison", "Utilities")];
      }
      case "gas":
        return [row("checking", d, -cents(2_800, 7_500), "NATIONAL GRID NY DES:AUTOPAY", "National Grid", "Utilities")];
      case "internet":
        return [row("checking", d, -6_999, "VERIZON FIOS DES:AUTOPAY", "Verizon Fios", "Internet")];
      case "phone":
        return [row("alex-card", d, -14_000, "T-MOBILE AUTOPAY 800-937-8997", "T-Mobile", "Phone")];
      case "insurance":
        return [row("checking", d, -18_450, "GEICO DES:AUTO INS PMT", "GEICO", "Insurance")];
      case "interest": {
        const amount = Math.round((balance.savings * SAVINGS_APY) / 12);
        return [row("savings", d, amount, "INTEREST PAYMENT", null, "Interest")];
      }
      case "payment-alex-card":
      case "payment-blair-card": {
        const card: CardKey = event === "payment-alex-card" ? "alex-card" : "blair-card";
        const owed = -statement[card];
        // planDays only schedules a payment after a whole statement month, which always owes.
        if (owed <= 0) throw new Error(`demo generator: ${card} statement is not owed (${owed}); this is a bug`);
        const name = card === "alex-card" ? "HARBOR CARD SERVICES PAYMENT XXXX4421" : "SUMMIT CU CARD PMT XXXX8830";
        return [
          row("checking", d, -owed, name, null, "Credit card payment"),
          row(card, d, owed, "PAYMENT RECEIVED - THANK YOU", null, "Credit card payment"),
        ];
      }
    }
  }

  function spendingRow(day: Day): DemoTransaction {
    const roll = random.next() * SPENDING_CUMULATIVE[SPENDING_CUMULATIVE.length - 1]!;
    let index = 0;
    while (index < SPENDING.length && roll >= SPENDING_CUMULATIVE[index]!) index += 1;
    if (index === SPENDING.length) {
      const cards = (["alex-card", "blair-card"] as const).filter((card) => refundable[card].length > 0);
      if (cards.length > 0) {
        const card = random.pick(cards);
        const list = refundable[card];
        const at = random.int(0, list.length - 1);
        const item = list[at]!;
        list[at] = list[list.length - 1]!;
        list.pop();
        return row(card, day.iso, item.amount, `REFUND ${item.merchant.descriptors[0]}`, item.merchant.name, "Refunds");
      }
      index = 0; // nothing to refund yet: an ordinary grocery run instead
    }
    const kind = SPENDING[index]!;
    let accountRoll = random.next();
    let accountKey = kind.accounts[kind.accounts.length - 1]![0];
    for (const [key, weight] of kind.accounts) {
      accountRoll -= weight;
      if (accountRoll < 0) {
        accountKey = key;
        break;
      }
    }
    const merchant = random.pick(kind.merchants);
    const descriptor = random.pick(merchant.descriptors);
    const amount = cents(kind.min, kind.max, kind.skew);
    if (kind.refundable && accountKey !== "checking") refundable[accountKey as CardKey].push({ merchant, amount });
    const description = accountKey === "checking" ? `POS DEBIT ${descriptor}` : descriptor;
    return row(accountKey, day.iso, -amount, description, merchant.name, kind.category, day.iso >= pendingFrom!);
  }

  for (let i = 0; i < days.length; i++) {
    const day = days[i]!;
    if (day.startsMonth) {
      // The statement closes at the end of the previous day; refunds stay within a month.
      statement["alex-card"] = balance["alex-card"];
      statement["blair-card"] = balance["blair-card"];
      refundable["alex-card"].length = 0;
      refundable["blair-card"].length = 0;
    }
    for (const event of day.scheduled) for (const t of scheduledRows(day, event)) yield t;
    const count = perDay[i]!;
    for (let k = 0; k < count; k++) yield spendingRow(day);
  }
}

export interface DemoLedger {
  members: readonly DemoMember[];
  accounts: readonly DemoAccount[];
  transactions: DemoTransaction[];
}

/** The whole ledger in memory: fine for the demo's few thousand rows; stream for more. */
export function generateLedger(options: DemoOptions): DemoLedger {
  return { members: DEMO_MEMBERS, accounts: DEMO_ACCOUNTS, transactions: [...generateTransactions(options)] };
}

/** Every category name the generator uses, checked against the default taxonomy at load. */
export const DEMO_CATEGORY_NAMES: readonly string[] = [
  ...new Set([
    ...SPENDING.map((kind) => kind.category),
    REFUND.category,
    "Rent",
    "Salary",
    "Savings",
    "Fitness",
    "Subscriptions",
    "Utilities",
    "Internet",
    "Phone",
    "Insurance",
    "Interest",
    "Credit card payment",
  ]),
];

const KNOWN_SUBCATEGORIES = new Set(DEFAULT_CATEGORIES.flatMap((c) => c.children ?? []));
for (const name of DEMO_CATEGORY_NAMES) {
  if (!KNOWN_SUBCATEGORIES.has(name)) throw new Error(`demo generator uses "${name}", not a default subcategory`);
}
