/**
 * The database schema, one module per area; drizzle-kit reads this file. Area modules
 * import what they reference from ./schema/core, never from here, so nothing is circular.
 */
export * from "./schema/analytics";
export * from "./schema/budgets";
export * from "./schema/core";
export * from "./schema/imports";
export * from "./schema/jobs";
export * from "./schema/living";
export * from "./schema/notifications";
export * from "./schema/planning";
export * from "./schema/rules";
