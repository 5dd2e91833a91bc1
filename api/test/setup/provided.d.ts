declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated database each Postgres test file copies. */
    postgresTemplate: string;
    /** The file holding a migrated PGlite data directory. */
    pgliteSnapshot: string;
  }
}

export {};
