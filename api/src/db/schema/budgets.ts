// Budgets per category or overall, by period, with rollover.
// Tables import what they reference from ./core; they are exported through ../schema.
export {};
