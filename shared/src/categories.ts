/**
 * The default taxonomy seeded into every new household. Kept flat enough to
 * budget against, with the subcategories people actually ask about.
 */
export interface CategorySeed {
  name: string;
  color: string;
  icon: string;
  children?: readonly string[];
}

export const DEFAULT_CATEGORIES: readonly CategorySeed[] = [
  { name: "Income", color: "#2f9e44", icon: "wallet", children: ["Salary", "Interest", "Refunds", "Other income"] },
  { name: "Housing", color: "#1c7ed6", icon: "home", children: ["Rent", "Mortgage", "Utilities", "Maintenance"] },
  { name: "Food", color: "#f08c00", icon: "utensils", children: ["Groceries", "Restaurants", "Coffee"] },
  { name: "Transport", color: "#7048e8", icon: "car", children: ["Fuel", "Public transport", "Taxi", "Parking"] },
  { name: "Shopping", color: "#d6336c", icon: "bag", children: ["Clothing", "Electronics", "Household"] },
  { name: "Health", color: "#0ca678", icon: "heart", children: ["Pharmacy", "Doctor", "Fitness"] },
  { name: "Entertainment", color: "#e8590c", icon: "film", children: ["Subscriptions", "Events", "Hobbies"] },
  { name: "Travel", color: "#1098ad", icon: "plane", children: ["Flights", "Lodging"] },
  { name: "Bills", color: "#5c7cfa", icon: "receipt", children: ["Phone", "Internet", "Insurance"] },
  { name: "Transfers", color: "#868e96", icon: "swap", children: ["Savings", "Credit card payment", "Settle-up"] },
  { name: "Fees", color: "#495057", icon: "alert", children: ["Bank fees", "Interest charged"] },
];
