/**
 * Plaid's personal_finance_category → the default taxonomy's category names. Detailed
 * codes map to a subcategory where one fits; otherwise the primary maps to a parent.
 */
const BY_DETAILED: Readonly<Record<string, string>> = {
  INCOME_WAGES: "Salary",
  INCOME_INTEREST_EARNED: "Interest",
  INCOME_DIVIDENDS: "Interest",
  INCOME_TAX_REFUND: "Refunds",
  FOOD_AND_DRINK_GROCERIES: "Groceries",
  FOOD_AND_DRINK_RESTAURANT: "Restaurants",
  FOOD_AND_DRINK_FAST_FOOD: "Restaurants",
  FOOD_AND_DRINK_COFFEE: "Coffee",
  RENT_AND_UTILITIES_RENT: "Rent",
  RENT_AND_UTILITIES_GAS_AND_ELECTRICITY: "Utilities",
  RENT_AND_UTILITIES_WATER: "Utilities",
  RENT_AND_UTILITIES_SEWAGE_AND_WASTE_MANAGEMENT: "Utilities",
  RENT_AND_UTILITIES_INTERNET_AND_CABLE: "Internet",
  RENT_AND_UTILITIES_TELEPHONE: "Phone",
  LOAN_PAYMENTS_MORTGAGE_PAYMENT: "Mortgage",
  LOAN_PAYMENTS_CREDIT_CARD_PAYMENT: "Credit card payment",
  TRANSFER_IN_SAVINGS: "Savings",
  TRANSFER_OUT_SAVINGS: "Savings",
  TRANSPORTATION_GAS: "Fuel",
  TRANSPORTATION_PUBLIC_TRANSIT: "Public transport",
  TRANSPORTATION_TAXIS_AND_RIDE_SHARES: "Taxi",
  TRANSPORTATION_PARKING: "Parking",
  ENTERTAINMENT_TV_AND_MOVIES: "Subscriptions",
  ENTERTAINMENT_MUSIC_AND_AUDIO: "Subscriptions",
  ENTERTAINMENT_SPORTING_EVENTS_AMUSEMENT_PARKS_AND_MUSEUMS: "Events",
  GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES: "Clothing",
  GENERAL_MERCHANDISE_ELECTRONICS: "Electronics",
  GENERAL_MERCHANDISE_SUPERSTORES: "Household",
  HOME_IMPROVEMENT_FURNITURE: "Household",
  HOME_IMPROVEMENT_REPAIR_AND_MAINTENANCE: "Maintenance",
  MEDICAL_PHARMACIES_AND_SUPPLEMENTS: "Pharmacy",
  MEDICAL_PRIMARY_CARE: "Doctor",
  MEDICAL_DENTAL_CARE: "Doctor",
  PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS: "Fitness",
  TRAVEL_FLIGHTS: "Flights",
  TRAVEL_LODGING: "Lodging",
  GENERAL_SERVICES_INSURANCE: "Insurance",
  BANK_FEES_INTEREST_CHARGE: "Interest charged",
};

const BY_PRIMARY: Readonly<Record<string, string>> = {
  INCOME: "Other income",
  TRANSFER_IN: "Transfers",
  TRANSFER_OUT: "Transfers",
  LOAN_PAYMENTS: "Transfers",
  BANK_FEES: "Bank fees",
  ENTERTAINMENT: "Entertainment",
  FOOD_AND_DRINK: "Food",
  GENERAL_MERCHANDISE: "Shopping",
  HOME_IMPROVEMENT: "Housing",
  MEDICAL: "Health",
  PERSONAL_CARE: "Health",
  GENERAL_SERVICES: "Bills",
  GOVERNMENT_AND_NON_PROFIT: "Bills",
  TRANSPORTATION: "Transport",
  TRAVEL: "Travel",
  RENT_AND_UTILITIES: "Housing",
};

/** Below this confidence Plaid's guess is recorded as evidence but not applied. */
const APPLIED_CONFIDENCE = new Set(["VERY_HIGH", "HIGH", "MEDIUM"]);

export interface PlaidCategoryGuess {
  primary: string;
  detailed: string;
  confidence_level?: string | null;
}

export function categoryNameForPlaid(guess: PlaidCategoryGuess): string | null {
  if (!APPLIED_CONFIDENCE.has(guess.confidence_level ?? "UNKNOWN")) return null;
  return BY_DETAILED[guess.detailed] ?? BY_PRIMARY[guess.primary] ?? null;
}
