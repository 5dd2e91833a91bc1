import type { CategoryKind } from "./contract/categories";

/**
 * The default taxonomy seeded into every new household. Kept flat enough to
 * budget against, with the subcategories people actually ask about.
 */
export interface CategorySeed {
  name: string;
  color: string;
  icon: string;
  /** The root's kind; its children are seeded with the same. */
  kind: CategoryKind;
  children?: readonly string[];
}

export const DEFAULT_CATEGORIES: readonly CategorySeed[] = [
  {
    name: "Income",
    color: "#2f9e44",
    icon: "wallet",
    kind: "income",
    children: ["Salary", "Interest", "Refunds", "Other income"],
  },
  {
    name: "Housing",
    color: "#1c7ed6",
    icon: "home",
    kind: "expense",
    children: ["Rent", "Mortgage", "Utilities", "Maintenance"],
  },
  {
    name: "Food",
    color: "#f08c00",
    icon: "utensils",
    kind: "expense",
    children: ["Groceries", "Restaurants", "Coffee"],
  },
  {
    name: "Transport",
    color: "#7048e8",
    icon: "car",
    kind: "expense",
    children: ["Fuel", "Public transport", "Taxi", "Parking"],
  },
  {
    name: "Shopping",
    color: "#d6336c",
    icon: "bag",
    kind: "expense",
    children: ["Clothing", "Electronics", "Household"],
  },
  { name: "Health", color: "#0ca678", icon: "heart", kind: "expense", children: ["Pharmacy", "Doctor", "Fitness"] },
  {
    name: "Entertainment",
    color: "#e8590c",
    icon: "film",
    kind: "expense",
    children: ["Subscriptions", "Events", "Hobbies"],
  },
  { name: "Travel", color: "#1098ad", icon: "plane", kind: "expense", children: ["Flights", "Lodging"] },
  { name: "Bills", color: "#5c7cfa", icon: "receipt", kind: "expense", children: ["Phone", "Internet", "Insurance"] },
  {
    name: "Transfers",
    color: "#868e96",
    icon: "swap",
    kind: "transfer",
    children: ["Savings", "Credit card payment", "Settle-up"],
  },
  { name: "Fees", color: "#495057", icon: "alert", kind: "expense", children: ["Bank fees", "Interest charged"] },
];
