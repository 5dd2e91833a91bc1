// Recurring series and templates, and savings goals.
// Tables import what they reference from ./core; they are exported through ../schema.
export {};
