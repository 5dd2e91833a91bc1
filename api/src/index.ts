export { type App, createApp } from "./app";
export { joinHousehold, registerHousehold } from "./auth/members";
export { hashPassword } from "./auth/passwords";
export { type Database, type DatabaseHandle, openDatabase } from "./db/client";
export * as schema from "./db/schema";
export { ConfigError, type Env, loadEnv } from "./env";
export { seedDefaultCategories } from "./ledger/categories";
export { buildDeps, PortInUseError, type RunningServer, startServer } from "./server";
