import type { PaymentChannel, StoreLocation } from "./types";

/**
 * Merchants and institutions the generator draws from. Categories follow Plaid's
 * personal_finance_category taxonomy (primary / detailed) so category mapping in the app
 * meets the same strings it will meet in production.
 */

export interface MerchantSpec {
  key: string;
  /** What the bank prints: Plaid's `name` and `original_description` are built from it. */
  descriptor: string;
  merchantName: string;
  /** What Plaid's enrichment later corrects merchant_name to, for "modified" updates. */
  correctedName: string;
  website: string | null;
  primary: string;
  detailed: string;
  channel: PaymentChannel;
  minCents: number;
  maxCents: number;
  weight: number;
  refundable: boolean;
  /** Restaurants post with a tip added to the authorised amount. */
  tips: boolean;
  store: StoreLocation | null;
}

function store(address: string, city: string, postal: string, lat: number, lon: number, number: string | null) {
  return { address, city, region: "CA", postal_code: postal, country: "US", lat, lon, store_number: number };
}

type Defaulted = "correctedName" | "refundable" | "tips" | "store";

function merchant(spec: Omit<MerchantSpec, Defaulted> & Partial<Pick<MerchantSpec, Defaulted>>): MerchantSpec {
  return { correctedName: spec.merchantName, refundable: false, tips: false, store: null, ...spec };
}

export const PURCHASES: readonly MerchantSpec[] = [
  merchant({
    key: "whole-foods",
    descriptor: "WHOLEFDS MKT #10234",
    merchantName: "Whole Foods",
    correctedName: "Whole Foods Market",
    website: "wholefoodsmarket.com",
    primary: "FOOD_AND_DRINK",
    detailed: "FOOD_AND_DRINK_GROCERIES",
    channel: "in store",
    minCents: 2_400,
    maxCents: 18_500,
    weight: 9,
    store: store("1765 California St", "San Francisco", "94109", 37.7903, -122.4245, "10234"),
  }),
  merchant({
    key: "trader-joes",
    descriptor: "TRADER JOE S #552",
    merchantName: "Trader Joe's",
    website: "traderjoes.com",
    primary: "FOOD_AND_DRINK",
    detailed: "FOOD_AND_DRINK_GROCERIES",
    channel: "in store",
    minCents: 1_800,
    maxCents: 12_000,
    weight: 9,
    store: store("555 9th St", "San Francisco", "94103", 37.7706, -122.4086, "552"),
  }),
  merchant({
    key: "safeway",
    descriptor: "SAFEWAY #1453",
    merchantName: "Safeway",
    website: "safeway.com",
    primary: "FOOD_AND_DRINK",
    detailed: "FOOD_AND_DRINK_GROCERIES",
    channel: "in store",
    minCents: 900,
    maxCents: 14_000,
    weight: 6,
    store: store("2020 Market St", "San Francisco", "94114", 37.7687, -122.4276, "1453"),
  }),
  merchant({
    key: "blue-bottle",
    descriptor: "SQ *BLUE BOTTLE COFFEE",
    merchantName: "Blue Bottle Coffee",
    website: "bluebottlecoffee.com",
    primary: "FOOD_AND_DRINK",
    detailed: "FOOD_AND_DRINK_COFFEE",
    channel: "in store",
    minCents: 450,
    maxCents: 1_400,
    weight: 10,
    store: store("66 Mint St", "San Francisco", "94103", 37.7823, -122.4073, null),
  }),
  merchant({
    key: "starbucks",
    descriptor: "STARBUCKS STORE 05837",
    merchantName: "Starbucks",
    website: "starbucks.com",
    primary: "FOOD_AND_DRINK",
    detailed: "FOOD_AND_DRINK_COFFEE",
    channel: "in store",
    minCents: 395,
    maxCents: 1_150,
    weight: 7,
    store: store("201 Powell St", "San Francisco", "94102", 37.7871, -122.408, "05837"),
  }),
  merchant({
    key: "chipotle",
    descriptor: "CHIPOTLE 1234",
    merchantName: "Chipotle",
    correctedName: "Chipotle Mexican Grill",
    website: "chipotle.com",
    primary: "FOOD_AND_DRINK",
    detailed: "FOOD_AND_DRINK_FAST_FOOD",
    channel: "in store",
    minCents: 1_050,
    maxCents: 3_200,
    weight: 5,
    store: store("126 New Montgomery St", "San Francisco", "94105", 37.7866, -122.4, "1234"),
  }),
  merchant({
    key: "nopa",
    descriptor: "TST* NOPA",
    merchantName: "Nopa",
    website: "nopasf.com",
    primary: "FOOD_AND_DRINK",
    detailed: "FOOD_AND_DRINK_RESTAURANT",
    channel: "in store",
    minCents: 4_500,
    maxCents: 16_000,
    weight: 3,
    tips: true,
    store: store("560 Divisadero St", "San Francisco", "94117", 37.7749, -122.4376, null),
  }),
  merchant({
    key: "doordash",
    descriptor: "DOORDASH*THAI BASIL",
    merchantName: "DoorDash",
    website: "doordash.com",
    primary: "FOOD_AND_DRINK",
    detailed: "FOOD_AND_DRINK_RESTAURANT",
    channel: "online",
    minCents: 2_200,
    maxCents: 6_500,
    weight: 5,
    tips: true,
  }),
  merchant({
    key: "uber",
    descriptor: "UBER *TRIP HELP.UBER.COM",
    merchantName: "Uber",
    website: "uber.com",
    primary: "TRANSPORTATION",
    detailed: "TRANSPORTATION_TAXIS_AND_RIDE_SHARES",
    channel: "online",
    minCents: 800,
    maxCents: 4_800,
    weight: 6,
  }),
  merchant({
    key: "shell",
    descriptor: "SHELL OIL 57444332",
    merchantName: "Shell",
    website: "shell.com",
    primary: "TRANSPORTATION",
    detailed: "TRANSPORTATION_GAS",
    channel: "in store",
    minCents: 3_000,
    maxCents: 7_800,
    weight: 4,
    store: store("1298 Howard St", "San Francisco", "94103", 37.7755, -122.4126, "57444332"),
  }),
  merchant({
    key: "clipper",
    descriptor: "CLIPPER SERVICE CONCORD CA",
    merchantName: "Clipper",
    correctedName: "Clipper Card",
    website: "clippercard.com",
    primary: "TRANSPORTATION",
    detailed: "TRANSPORTATION_PUBLIC_TRANSIT",
    channel: "online",
    minCents: 2_000,
    maxCents: 5_000,
    weight: 3,
  }),
  merchant({
    key: "amazon",
    descriptor: "AMZN Mktp US*2K4L19",
    merchantName: "Amazon",
    correctedName: "Amazon Marketplace",
    website: "amazon.com",
    primary: "GENERAL_MERCHANDISE",
    detailed: "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES",
    channel: "online",
    minCents: 1_200,
    maxCents: 14_000,
    weight: 8,
    refundable: true,
  }),
  merchant({
    key: "target",
    descriptor: "TARGET 00012345",
    merchantName: "Target",
    website: "target.com",
    primary: "GENERAL_MERCHANDISE",
    detailed: "GENERAL_MERCHANDISE_SUPERSTORES",
    channel: "in store",
    minCents: 1_500,
    maxCents: 16_000,
    weight: 5,
    refundable: true,
    store: store("789 Mission St", "San Francisco", "94103", 37.7842, -122.4038, "00012345"),
  }),
  merchant({
    key: "uniqlo",
    descriptor: "UNIQLO USA 4012",
    merchantName: "Uniqlo",
    website: "uniqlo.com",
    primary: "GENERAL_MERCHANDISE",
    detailed: "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES",
    channel: "in store",
    minCents: 2_500,
    maxCents: 12_000,
    weight: 2,
    refundable: true,
    store: store("111 Powell St", "San Francisco", "94102", 37.7852, -122.4079, "4012"),
  }),
  merchant({
    key: "cvs",
    descriptor: "CVS/PHARMACY #09876",
    merchantName: "CVS",
    correctedName: "CVS Pharmacy",
    website: "cvs.com",
    primary: "MEDICAL",
    detailed: "MEDICAL_PHARMACIES_AND_SUPPLEMENTS",
    channel: "in store",
    minCents: 600,
    maxCents: 6_000,
    weight: 3,
    store: store("731 Market St", "San Francisco", "94103", 37.7865, -122.4039, "09876"),
  }),
  merchant({
    key: "amc",
    descriptor: "AMC METREON 16 #2455",
    merchantName: "AMC Theatres",
    website: "amctheatres.com",
    primary: "ENTERTAINMENT",
    detailed: "ENTERTAINMENT_TV_AND_MOVIES",
    channel: "in store",
    minCents: 1_800,
    maxCents: 5_200,
    weight: 1,
    store: store("135 4th St", "San Francisco", "94103", 37.7841, -122.4033, "2455"),
  }),
];

export interface RecurringSpec {
  key: string;
  descriptor: string;
  merchantName: string | null;
  website: string | null;
  primary: string;
  detailed: string;
  channel: PaymentChannel;
}

export const BILLS = {
  rent: {
    key: "rent",
    descriptor: "OAKWOOD PROPERTY MGMT RENT WEB PMTS",
    merchantName: null,
    website: null,
    primary: "RENT_AND_UTILITIES",
    detailed: "RENT_AND_UTILITIES_RENT",
    channel: "other",
  },
  power: {
    key: "pge",
    descriptor: "PGANDE WEB ONLINE",
    merchantName: "PG&E",
    website: "pge.com",
    primary: "RENT_AND_UTILITIES",
    detailed: "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY",
    channel: "online",
  },
  internet: {
    key: "comcast",
    descriptor: "COMCAST XFINITY",
    merchantName: "Xfinity",
    website: "xfinity.com",
    primary: "RENT_AND_UTILITIES",
    detailed: "RENT_AND_UTILITIES_INTERNET_AND_CABLE",
    channel: "online",
  },
  phone: {
    key: "verizon",
    descriptor: "VERIZON WIRELESS PAYMENTS",
    merchantName: "Verizon Wireless",
    website: "verizonwireless.com",
    primary: "RENT_AND_UTILITIES",
    detailed: "RENT_AND_UTILITIES_TELEPHONE",
    channel: "online",
  },
  netflix: {
    key: "netflix",
    descriptor: "NETFLIX.COM",
    merchantName: "Netflix",
    website: "netflix.com",
    primary: "ENTERTAINMENT",
    detailed: "ENTERTAINMENT_TV_AND_MOVIES",
    channel: "online",
  },
  spotify: {
    key: "spotify",
    descriptor: "Spotify USA",
    merchantName: "Spotify",
    website: "spotify.com",
    primary: "ENTERTAINMENT",
    detailed: "ENTERTAINMENT_MUSIC_AND_AUDIO",
    channel: "online",
  },
  gym: {
    key: "equinox",
    descriptor: "EQUINOX #123 MEMBERSHIP",
    merchantName: "Equinox",
    website: "equinox.com",
    primary: "PERSONAL_CARE",
    detailed: "PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS",
    channel: "other",
  },
} satisfies Record<string, RecurringSpec>;

export const INCOME = {
  payrollA: {
    key: "payroll-a",
    descriptor: "ACME CORP PAYROLL PPD ID: 1234567890",
    merchantName: null,
    website: null,
    primary: "INCOME",
    detailed: "INCOME_WAGES",
    channel: "other",
  },
  payrollB: {
    key: "payroll-b",
    descriptor: "GLOBEX INC DIR DEP PPD ID: 9876543210",
    merchantName: null,
    website: null,
    primary: "INCOME",
    detailed: "INCOME_WAGES",
    channel: "other",
  },
  interest: {
    key: "interest",
    descriptor: "INTEREST PAYMENT",
    merchantName: null,
    website: null,
    primary: "INCOME",
    detailed: "INCOME_INTEREST_EARNED",
    channel: "other",
  },
} satisfies Record<string, RecurringSpec>;

export const TRANSFERS = {
  toSavings: {
    key: "to-savings",
    descriptor: "ONLINE TRANSFER TO SAVINGS",
    merchantName: null,
    website: null,
    primary: "TRANSFER_OUT",
    detailed: "TRANSFER_OUT_SAVINGS",
    channel: "other",
  },
  fromChecking: {
    key: "from-checking",
    descriptor: "ONLINE TRANSFER FROM CHECKING",
    merchantName: null,
    website: null,
    primary: "TRANSFER_IN",
    detailed: "TRANSFER_IN_SAVINGS",
    channel: "other",
  },
  cardPaymentOut: {
    key: "card-payment-out",
    descriptor: "CREDIT CARD AUTOPAY",
    merchantName: null,
    website: null,
    primary: "LOAN_PAYMENTS",
    detailed: "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT",
    channel: "other",
  },
  cardPaymentIn: {
    key: "card-payment-in",
    descriptor: "AUTOMATIC PAYMENT - THANK YOU",
    merchantName: null,
    website: null,
    primary: "LOAN_PAYMENTS",
    detailed: "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT",
    channel: "other",
  },
  atm: {
    key: "atm",
    descriptor: "ATM WITHDRAWAL 000123 MARKET ST",
    merchantName: null,
    website: null,
    primary: "TRANSFER_OUT",
    detailed: "TRANSFER_OUT_WITHDRAWAL",
    channel: "in store",
  },
  atmFee: {
    key: "atm-fee",
    descriptor: "NON-NETWORK ATM FEE",
    merchantName: null,
    website: null,
    primary: "BANK_FEES",
    detailed: "BANK_FEES_ATM_FEES",
    channel: "other",
  },
} satisfies Record<string, RecurringSpec>;

/** Plaid's Sandbox institutions by id; any other `ins_<digits>` id gets a generic name. */
export const INSTITUTIONS: Readonly<Record<string, string>> = {
  ins_109508: "First Platypus Bank",
  ins_109509: "First Gingham Credit Union",
  ins_109510: "Tattersall Federal Credit Union",
  ins_109511: "Tartan Bank",
  ins_109512: "Houndstooth Bank",
  ins_116834: "Flexible Platypus Open Banking (UK Bank)",
  ins_127287: "Platypus OAuth Bank",
};

export const DEFAULT_INSTITUTION_ID = "ins_109508";

/**
 * Sandbox institutions whose login happens on the bank's own site (OAuth): Link sends the
 * member there and the bank sends them back to the link token's redirect_uri.
 */
export const OAUTH_INSTITUTION_IDS: ReadonlySet<string> = new Set(["ins_127287"]);

export const isOAuthInstitution = (institutionId: string) => OAUTH_INSTITUTION_IDS.has(institutionId);
