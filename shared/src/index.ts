export * from "./categories";
export * from "./client";
export * from "./contract";
export * from "./dates";
export * from "./money";
export * from "./plaid-categories";
export * from "./seal-key";
export { z } from "./zod";
