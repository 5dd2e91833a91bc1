export * from "./categories";
export * from "./contract";
export * from "./dates";
export * from "./money";
export { z } from "./zod";
