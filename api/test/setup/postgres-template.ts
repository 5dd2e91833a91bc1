import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/db/client";
import { ADMIN_URL, databaseUrl, unreachable } from "./admin";
import { migrationsHash } from "./migrations-hash";

/**
 * Migrates one template database per set of migrations; each test file then copies it
 * (`create database … template`, a file copy) instead of replaying every migration.
 * Templates of other migration sets are left alone: another checkout may be using one.
 */
export default async function setup(project: TestProject) {
  const template = `tandem_template_${migrationsHash()}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    const existing = await admin<{ datname: string }[]>`
      select datname from pg_database where datname = ${template}`.catch((error) => {
      throw unreachable(error);
    });
    if (existing.length === 0) await build(admin, template);
  } finally {
    await admin.end();
  }
  project.provide("postgresTemplate", template);
}

// Built under a scratch name and renamed, so a run that dies half-way leaves no broken template.
async function build(admin: postgres.Sql, template: string) {
  const scratch = `tandem_building_${randomBytes(6).toString("hex")}`;
  await admin.unsafe(`create database ${scratch}`);
  try {
    const handle = await openDatabase({ url: databaseUrl(scratch), pool: { max: 1 } });
    await handle.migrate();
    await handle.close();
    await admin.unsafe(`alter database ${scratch} rename to ${template}`);
  } catch (error) {
    await admin.unsafe(`drop database if exists ${scratch} with (force)`);
    if (!String(error).includes("already exists")) throw error;
  }
}
