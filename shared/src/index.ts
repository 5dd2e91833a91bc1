export * from "./categories";
export * from "./contract";
export * from "./dates";
export * from "./money";
export * from "./plaid-categories";
export { z } from "./zod";
