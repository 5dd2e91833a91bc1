import { BILLS, INCOME, type MerchantSpec, PURCHASES, type RecurringSpec, TRANSFERS } from "./catalog";
import { addDays, dayNumber, dayOfMonth, dayOfWeek, daysBetween, isLastDayOfMonth } from "./dates";
import { plaidId } from "./ids";
import type { Ledger } from "./ledger";
import { hashSeed, Rng } from "./random";
import type { AccountKind, AccountRecord, MerchantRef, PersonalFinanceCategory, TxnDraft, TxnRecord } from "./types";

/**
 * The household behind an Item: two earners, rent, bills, card spending that starts
 * pending and posts a few days later, refunds, transfers between their own accounts.
 * Day by day, so seeding history and advancing time run the same code.
 */

/** Mean card purchases per day for an ordinary household of two. */
export const DEFAULT_DAILY_PURCHASES = 3.4;
/** Bills, pay and transfers average roughly this many transactions per day. */
const RECURRING_PER_DAY = 0.55;
/** Plaid's default history for a new Item (`days_requested`). */
export const DEFAULT_HISTORY_DAYS = 90;
/** Plaid's maximum history (`days_requested` up to 730). */
export const MAX_HISTORY_DAYS = 730;

interface RefundTemplate {
  merchant: MerchantSpec;
  accountId: string;
  amountCents: number;
}

interface Profile {
  dailyPurchases: number;
  rentCents: number;
  payACents: number;
  payBCents: number;
  /** Which Fridays (day number mod 14) earner A is paid on. */
  payAnchor: number;
  savingsTransferCents: number;
  internetCents: number;
  phoneCents: number;
}

export interface SimState {
  /** Stream for amounts, merchants and dates. */
  rng: Rng;
  /** Separate stream for ids, so ids never shift the data drawn after them. */
  idRng: Rng;
  profile: Profile;
  /** Last day whose activity has been generated. */
  simulatedThrough: string;
  cardSpendCents: number;
  refundable: RefundTemplate[];
}

type Mode = "history" | "live";

interface DayContext {
  sim: SimState;
  accounts: AccountRecord[];
  mode: Mode;
  /** In history mode: the Item's creation day; anything that would post later stays pending. */
  today: string;
  emit: (record: TxnRecord) => void;
}

const ACCOUNT_NAMES: Record<AccountKind, { name: string; official: string }> = {
  checking: { name: "Everyday Checking", official: "Everyday Checking Account" },
  savings: { name: "High-Yield Savings", official: "High-Yield Savings Account" },
  "credit card": { name: "Rewards Visa Signature", official: "Rewards Visa Signature Card" },
};

export function createSimState(seed: number, idSalt: string, today: string, dailyPurchases: number): SimState {
  const rng = new Rng(hashSeed("data", seed));
  const profile: Profile = {
    dailyPurchases,
    rentCents: rng.int(18, 32) * 10_000 + rng.pick([0, 2_500, 5_000, 7_500]),
    payACents: rng.int(260_000, 390_000),
    payBCents: rng.int(210_000, 340_000),
    payAnchor: rng.pick([1, 8]),
    savingsTransferCents: rng.int(3, 12) * 10_000,
    internetCents: rng.pick([6_999, 7_999, 8_999]),
    phoneCents: rng.int(8_500, 14_000),
  };
  return {
    rng,
    idRng: new Rng(hashSeed("ids", seed, idSalt)),
    profile,
    simulatedThrough: today,
    cardSpendCents: 0,
    refundable: [],
  };
}

/** Checking always; savings and a credit card as the seed decides (2 or 3 accounts). */
export function createAccounts(sim: SimState, kinds?: readonly AccountKind[]): AccountRecord[] {
  const roll = sim.rng.next();
  const chosen: readonly AccountKind[] =
    kinds ??
    (roll < 0.6
      ? ["checking", "savings", "credit card"]
      : roll < 0.8
        ? ["checking", "credit card"]
        : ["checking", "savings"]);
  return chosen.map((kind) => ({
    accountId: plaidId(sim.idRng),
    kind,
    name: ACCOUNT_NAMES[kind].name,
    officialName: ACCOUNT_NAMES[kind].official,
    mask: String(sim.rng.int(1000, 9999)),
    currency: "USD",
    openingCents: 0,
    limitCents: kind === "credit card" ? sim.rng.pick([800_000, 1_200_000, 1_500_000]) : null,
  }));
}

/**
 * Backfills `days` days ending `today`. With `transactions` set, spending is scaled so
 * the Item holds exactly that many live transactions (benchmarks), oldest trimmed first.
 */
export function generateHistory(
  sim: SimState,
  accounts: AccountRecord[],
  options: { today: string; days: number; transactions?: number },
): TxnRecord[] {
  const drafts: TxnRecord[] = [];
  const context: DayContext = { sim, accounts, mode: "history", today: options.today, emit: (d) => drafts.push(d) };
  const start = addDays(options.today, -(options.days - 1));
  const target = options.transactions;
  if (target !== undefined) {
    sim.profile.dailyPurchases = Math.max(0.2, target / options.days - RECURRING_PER_DAY);
  }
  for (let day = start; day <= options.today; day = addDays(day, 1)) simulateDay(context, day);

  if (target !== undefined) {
    while (drafts.length < target) purchase(context, addDays(start, sim.rng.int(0, options.days - 1)));
    // The log is chronological, as an initial pull would be: stable sort keeps same-day order.
    drafts.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    if (drafts.length > target) drafts.splice(0, drafts.length - target);
  } else {
    drafts.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
  sim.simulatedThrough = options.today;
  return drafts;
}

/** Today's balance looks like a real household's; the opening balance is whatever makes that true. */
export function settleOpeningBalances(sim: SimState, accounts: AccountRecord[], ledger: Ledger): void {
  for (const account of accounts) {
    const posted = ledger.totalsFor(account.accountId).postedCents;
    if (account.kind === "credit card") account.openingCents = sim.rng.int(30_000, 250_000) - posted;
    else if (account.kind === "savings") account.openingCents = sim.rng.int(800_000, 2_500_000) + posted;
    else account.openingCents = sim.rng.int(250_000, 650_000) + posted;
  }
}

export function newRecord(sim: SimState, draft: TxnDraft): TxnRecord {
  // The id goes last: callers spread an existing record (a pending one that posts) into the draft.
  return { ...draft, id: plaidId(sim.idRng) };
}

export interface AdvanceCounts {
  added: number;
  modified: number;
  removed: number;
}

/**
 * Lives the days after `simulatedThrough` up to `toDay`: pending card spending posts
 * (new id, `pending_transaction_id` → the pending one, which is removed), new activity
 * arrives, and Plaid-style corrections modify and remove a few recent transactions.
 */
export function advanceItem(sim: SimState, accounts: AccountRecord[], ledger: Ledger, toDay: string): AdvanceCounts {
  const before = ledger.length;
  const days = daysBetween(sim.simulatedThrough, toDay);
  if (days <= 0) return { added: 0, modified: 0, removed: 0 };
  const context: DayContext = {
    sim,
    accounts,
    mode: "live",
    today: toDay,
    emit: (record) => ledger.add(record),
  };
  for (let day = addDays(sim.simulatedThrough, 1); day <= toDay; day = addDays(day, 1)) {
    postDuePending(sim, ledger, day);
    simulateDay(context, day);
  }
  correctRecent(sim, ledger, days, before);
  sim.simulatedThrough = toDay;
  const counts = { added: 0, modified: 0, removed: 0 };
  for (let position = before; position < ledger.length; position++) counts[ledger.log[position]!.kind]++;
  return counts;
}

/**
 * One change, now: what Plaid would have picked up between two pages of an update. Used by
 * the TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION fault so that a restart sees new data.
 */
export function mutateOne(sim: SimState, accounts: AccountRecord[], ledger: Ledger, today: string): void {
  const [record] = ledger.recentLive(50, (r) => r.kind === "purchase");
  if (record) {
    ledger.modify(corrected(sim, record));
    return;
  }
  purchase({ sim, accounts, mode: "live", today, emit: (record) => ledger.add(record) }, today);
}

function postDuePending(sim: SimState, ledger: Ledger, day: string): void {
  for (const id of [...ledger.pending]) {
    const pending = ledger.live.get(id);
    if (!pending?.postDate || pending.postDate > day) continue;
    ledger.remove(id);
    // Authorisations sometimes lapse without ever posting (a hotel hold, a cancelled order).
    if (sim.rng.chance(0.03)) continue;
    ledger.add(
      newRecord(sim, {
        ...pending,
        amountCents: Math.round(pending.amountCents * pending.postFactor),
        date: pending.postDate,
        authorizedDate: pending.date,
        pending: false,
        pendingTransactionId: pending.id,
        postDate: null,
        postFactor: 1,
      }),
    );
  }
}

/**
 * Corrections apply to what the client may already hold (older than this advance): a
 * change to something added in the same update would only show up as an add.
 */
function correctRecent(sim: SimState, ledger: Ledger, days: number, before: number): void {
  const { rng } = sim;
  const candidates = ledger.recentLive(300, (r) => r.kind === "purchase", before);
  const touched = new Set<string>();
  const modifications = Math.max(1, Math.round(days * 0.4));
  for (let i = 0; i < modifications && candidates.length > touched.size; i++) {
    const record = rng.pick(candidates);
    if (touched.has(record.id)) continue;
    touched.add(record.id);
    ledger.modify(corrected(sim, record));
  }
  const removals = Math.max(1, Math.round(days / 7));
  const posted = candidates.filter((r) => !r.pending && !touched.has(r.id));
  for (let i = 0; i < removals && posted.length > 0; i++) {
    // A posted duplicate the bank reverses: Plaid reports it as removed.
    const index = rng.int(0, posted.length - 1);
    const [record] = posted.splice(index, 1);
    ledger.remove(record!.id);
  }
}

function corrected(sim: SimState, record: TxnRecord): TxnRecord {
  if (record.pending) {
    // Pre-authorisations are adjusted before they settle (fuel, tips, holds).
    return { ...record, amountCents: Math.round(record.amountCents * (1 + sim.rng.int(2, 10) / 100)) };
  }
  const spec = PURCHASES.find((m) => m.merchantName === record.merchantName);
  if (spec && spec.correctedName !== record.merchantName) {
    return {
      ...record,
      merchantName: spec.correctedName,
      category: { ...record.category, confidence_level: "VERY_HIGH" },
    };
  }
  const sign = sim.rng.chance(0.5) ? 1 : -1;
  return {
    ...record,
    amountCents: record.amountCents + sign * sim.rng.int(1, Math.max(1, Math.round(record.amountCents * 0.05))),
  };
}

function simulateDay(context: DayContext, day: string): void {
  const { sim, accounts } = context;
  const { rng, profile } = sim;
  const checking = accounts.find((a) => a.kind === "checking");
  const savings = accounts.find((a) => a.kind === "savings");
  const credit = accounts.find((a) => a.kind === "credit card");
  const billAccount = credit ?? checking;
  const dom = dayOfMonth(day);

  if (checking) {
    if (dom === 1) posted(context, checking, BILLS.rent, profile.rentCents, day, "bill");
    if (dom === 12) posted(context, checking, BILLS.power, rng.int(6_000, 18_000), day, "bill");
    if (dom === 18) posted(context, checking, BILLS.internet, profile.internetCents, day, "bill");
    if (dayNumber(day) % 14 === profile.payAnchor) {
      posted(context, checking, INCOME.payrollA, -profile.payACents, day, "income", "ACH");
    }
    if (dom === 15 || isLastDayOfMonth(day)) {
      posted(context, checking, INCOME.payrollB, -profile.payBCents, day, "income", "ACH");
    }
    if (savings && dom === 2) {
      posted(context, checking, TRANSFERS.toSavings, profile.savingsTransferCents, day, "transfer", "ACH");
      posted(context, savings, TRANSFERS.fromChecking, -profile.savingsTransferCents, day, "transfer", "ACH");
    }
    if (credit && dom === 25 && sim.cardSpendCents > 0) {
      const payment = sim.cardSpendCents;
      sim.cardSpendCents = 0;
      posted(context, checking, TRANSFERS.cardPaymentOut, payment, day, "transfer", "ACH");
      posted(context, credit, TRANSFERS.cardPaymentIn, -payment, day, "transfer", "ACH");
    }
    if (rng.chance(0.04)) {
      posted(context, checking, TRANSFERS.atm, rng.int(2, 10) * 2_000, day, "transfer");
      if (rng.chance(0.3)) posted(context, checking, TRANSFERS.atmFee, 300, day, "fee");
    }
  }
  if (billAccount) {
    if (dom === 3) posted(context, billAccount, BILLS.gym, 4_500, day, "bill");
    if (dom === 7) posted(context, billAccount, BILLS.netflix, 1_549, day, "bill");
    if (dom === 11) posted(context, billAccount, BILLS.spotify, 1_199, day, "bill");
    if (dom === 22) posted(context, billAccount, BILLS.phone, profile.phoneCents, day, "bill");
  }
  if (savings && isLastDayOfMonth(day)) posted(context, savings, INCOME.interest, -rng.int(500, 4_000), day, "income");

  const weekend = dayOfWeek(day) === 0 || dayOfWeek(day) === 6;
  const purchases = rng.poisson(profile.dailyPurchases * (weekend ? 1.25 : 0.9));
  for (let i = 0; i < purchases; i++) purchase(context, day);

  if (
    sim.refundable.length > 0 &&
    rng.chance(Math.min(0.5, 0.05 * (profile.dailyPurchases / DEFAULT_DAILY_PURCHASES)))
  ) {
    refund(context, day);
  }
}

function purchase(context: DayContext, day: string): void {
  const { sim, accounts } = context;
  const { rng } = sim;
  const merchant = rng.weighted(PURCHASES, (m) => m.weight);
  const credit = accounts.find((a) => a.kind === "credit card");
  const checking = accounts.find((a) => a.kind === "checking") ?? accounts[0]!;
  const account = credit && rng.chance(0.7) ? credit : checking;
  const amountCents = rng.int(merchant.minCents, merchant.maxCents);
  const lag = rng.weighted([1, 2, 3], (d) => (d === 1 ? 5 : d === 2 ? 3.5 : 1.5));
  const postFactor = merchant.tips ? 1 + rng.int(15, 22) / 100 : 1;
  const postDate = addDays(day, lag);
  if (account.kind === "credit card") sim.cardSpendCents += amountCents;
  if (merchant.refundable) {
    sim.refundable.push({ merchant, accountId: account.accountId, amountCents });
    if (sim.refundable.length > 40) sim.refundable.shift();
  }
  // In history, anything that would have posted by "today" is already posted.
  if (context.mode === "history" && postDate <= context.today) {
    const postedCents = Math.round(amountCents * postFactor);
    context.emit(merchantRecord(sim, merchant, account, "purchase", postedCents, postDate, day, null, 1));
    return;
  }
  context.emit(merchantRecord(sim, merchant, account, "purchase", amountCents, day, day, postDate, postFactor));
}

function refund(context: DayContext, day: string): void {
  const { rng } = context.sim;
  const template = rng.pick(context.sim.refundable);
  const account = context.accounts.find((a) => a.accountId === template.accountId);
  if (!account) return;
  const share = rng.chance(0.6) ? 1 : rng.int(30, 90) / 100;
  const amountCents = -Math.max(1, Math.round(template.amountCents * share));
  const record = merchantRecord(context.sim, template.merchant, account, "refund", amountCents, day, day, null, 1);
  const description = `${template.merchant.descriptor} REFUND`;
  context.emit({ ...record, name: description, originalDescription: description, location: null });
}

const entityIds = new Map<string, string>();

function merchantRef(key: string, website: string | null): MerchantRef {
  let entityId = entityIds.get(key);
  if (!entityId) {
    entityId = plaidId(new Rng(hashSeed("merchant-entity", key)), 37);
    entityIds.set(key, entityId);
  }
  return { entityId, website };
}

/** Built in one go, id included: at 100,000 records, intermediate copies are what the GC notices. */
function merchantRecord(
  sim: SimState,
  merchant: MerchantSpec,
  account: AccountRecord,
  kind: TxnRecord["kind"],
  amountCents: number,
  date: string,
  authorizedDate: string,
  postDate: string | null,
  postFactor: number,
): TxnRecord {
  return {
    id: plaidId(sim.idRng),
    accountId: account.accountId,
    amountCents,
    currency: account.currency,
    date,
    authorizedDate,
    name: merchant.descriptor,
    originalDescription: originalDescription(merchant),
    merchantName: merchant.merchantName,
    merchant: merchantRef(merchant.key, merchant.website),
    category: categoryOf(merchant),
    channel: merchant.channel,
    location: merchant.store,
    pending: postDate !== null,
    pendingTransactionId: null,
    paymentMethod: null,
    referenceNumber: null,
    kind,
    postDate,
    postFactor,
  };
}

const descriptions = new Map<string, string>();
const categories = new Map<string, PersonalFinanceCategory>();

function originalDescription(merchant: MerchantSpec): string {
  let text = descriptions.get(merchant.key);
  if (text === undefined) {
    const where = merchant.store ? ` ${merchant.store.city.toUpperCase()} ${merchant.store.region}` : "";
    text = `${merchant.descriptor}${where}`;
    descriptions.set(merchant.key, text);
  }
  return text;
}

/** Shared between records: records are never mutated, corrections build a new category object. */
function categoryOf(merchant: MerchantSpec): PersonalFinanceCategory {
  let category = categories.get(merchant.key);
  if (!category) {
    category = { primary: merchant.primary, detailed: merchant.detailed, confidence_level: "HIGH" };
    categories.set(merchant.key, category);
  }
  return category;
}

function posted(
  context: DayContext,
  account: AccountRecord,
  spec: RecurringSpec,
  amountCents: number,
  day: string,
  kind: TxnDraft["kind"],
  paymentMethod: string | null = null,
): void {
  const category: PersonalFinanceCategory = {
    primary: spec.primary,
    detailed: spec.detailed,
    confidence_level: spec.merchantName ? "VERY_HIGH" : "HIGH",
  };
  const reference = paymentMethod ? String(context.sim.rng.int(100_000_000, 999_999_999)) : null;
  const suffix = account.kind === "credit card" ? "" : ` XXXXXX${account.mask}`;
  context.emit({
    id: plaidId(context.sim.idRng),
    accountId: account.accountId,
    amountCents,
    currency: account.currency,
    date: day,
    authorizedDate: day,
    name: spec.descriptor,
    originalDescription: `${spec.descriptor}${kind === "transfer" ? suffix : ""}`,
    merchantName: spec.merchantName,
    merchant: spec.merchantName ? merchantRef(spec.key, spec.website) : null,
    category,
    channel: spec.channel,
    location: null,
    pending: false,
    pendingTransactionId: null,
    paymentMethod,
    referenceNumber: reference,
    kind,
    postDate: null,
    postFactor: 1,
  });
}

/** A transaction from /sandbox/transactions/create: categorised from its description when we recognise it. */
export function customDraft(
  account: AccountRecord,
  input: { datePosted: string; dateTransacted: string; amountCents: number; description: string; currency: string },
): TxnDraft {
  const text = input.description.toLowerCase();
  const known = PURCHASES.find(
    (m) => text.includes(m.merchantName.toLowerCase()) || text.includes(m.descriptor.toLowerCase().split(/[ *#]/)[0]!),
  );
  const category: PersonalFinanceCategory = known
    ? { primary: known.primary, detailed: known.detailed, confidence_level: "MEDIUM" }
    : input.amountCents < 0
      ? { primary: "INCOME", detailed: "INCOME_OTHER_INCOME", confidence_level: "LOW" }
      : {
          primary: "GENERAL_MERCHANDISE",
          detailed: "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE",
          confidence_level: "LOW",
        };
  return {
    accountId: account.accountId,
    amountCents: input.amountCents,
    currency: input.currency,
    date: input.datePosted,
    authorizedDate: input.dateTransacted,
    name: input.description,
    originalDescription: input.description,
    merchantName: known?.merchantName ?? null,
    merchant: known ? merchantRef(known.key, known.website) : null,
    category,
    channel: known?.channel ?? "other",
    location: null,
    pending: false,
    pendingTransactionId: null,
    paymentMethod: null,
    referenceNumber: null,
    kind: "custom",
    postDate: null,
    postFactor: 1,
  };
}
