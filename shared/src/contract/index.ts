export * from "./accounts";
export * from "./api-keys";
export * from "./auth";
export * from "./categories";
export * from "./common";
export * from "./health";
export * from "./plaid";
export * from "./transactions";
