/**
 * render.yaml against Render's Blueprint spec and against the code.
 *
 * The spec (https://render.com/docs/blueprint-spec, also served as JSON Schema at
 * https://render.com/schema/render.yaml.json) documents, and this test checks:
 * - root fields: services, databases, envVarGroups, projects, ungrouped, previews;
 * - service fields: name, type (web | pserv | worker | cron | keyvalue | redis), runtime (node,
 *   python, elixir, go, ruby, rust, docker, image, static), plan (free, starter, standard,
 *   pro, pro plus, pro max, pro ultra), region (oregon, ohio, virginia, frankfurt, singapore),
 *   buildCommand and startCommand (required unless Docker; a static site has no start),
 *   preDeployCommand, healthCheckPath (web services), maxShutdownDelaySeconds (integer 1–300),
 *   buildFilter {paths, ignoredPaths} (globs relative to the repo root), rootDir,
 *   staticPublishPath (required for a static site), headers [{path, name, value}],
 *   routes [{type: redirect | rewrite, source, destination}], envVars, and the rest of the
 *   documented list below;
 * - envVars entries: key with one of value | generateValue | sync: false | fromDatabase
 *   {name, property} | fromService {name, type, property | envVarKey}, or fromGroup alone;
 *   property one of host, port, hostport, connectionString, user, password, database;
 * - envVarGroups: name and envVars, where `sync: false` and references to services are not allowed;
 * - databases: name, plan (current instance types), region, databaseName, user,
 *   postgresMajorVersion (a string), ipAllowList [{source, description}] — `[]` allows only
 *   internal connections.
 * Static-site headers: https://render.com/docs/static-site-headers; routes apply only where no
 * file exists: https://render.com/docs/redirects-rewrites.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { EnvSchema, loadEnv, startServer } from "@tandem/api";
import { describe, expect, it } from "vitest";
import { DASHBOARD_DIR, DASHBOARD_DIST, type DashboardBuildEnv } from "../dashboard/build";
import {
  type EnvVarSpec,
  type HeaderRule,
  REPO_ROOT,
  readBlueprint,
  type ServiceSpec,
  serviceEnvVars,
  serviceNamed,
  staticSite,
} from "./blueprint";
import { conflictingNames, headersFor } from "./headers";

const blueprint = readBlueprint();
const api = serviceNamed(blueprint, "tandem-api");
const site = staticSite(blueprint);

const FIELDS = {
  root: ["services", "databases", "envVarGroups", "projects", "ungrouped", "previews"],
  service: [
    "name",
    "type",
    "runtime",
    "plan",
    "previews",
    "buildCommand",
    "startCommand",
    "schedule",
    "preDeployCommand",
    "region",
    "repo",
    "branch",
    "autoDeployTrigger",
    "autoDeploy",
    "domains",
    "healthCheckPath",
    "maxShutdownDelaySeconds",
    "dockerCommand",
    "dockerfilePath",
    "dockerContext",
    "registryCredential",
    "image",
    "numInstances",
    "scaling",
    "buildFilter",
    "rootDir",
    "disk",
    "staticPublishPath",
    "headers",
    "routes",
    "ipAllowList",
    "maxmemoryPolicy",
    "envVars",
  ],
  staticOnly: ["staticPublishPath", "headers", "routes"],
  envVar: ["key", "value", "generateValue", "sync", "fromDatabase", "fromService", "fromGroup"],
  fromDatabase: ["name", "property"],
  header: ["path", "name", "value"],
  route: ["type", "source", "destination"],
  buildFilter: ["paths", "ignoredPaths"],
  database: [
    "name",
    "plan",
    "previewPlan",
    "diskSizeGB",
    "previewDiskSizeGB",
    "region",
    "ipAllowList",
    "postgresMajorVersion",
    "databaseName",
    "user",
    "readReplicas",
    "highAvailability",
  ],
  envVarGroup: ["name", "envVars"],
};
const VALUES = {
  type: ["web", "pserv", "worker", "cron", "keyvalue", "redis"],
  runtime: ["node", "python", "elixir", "go", "ruby", "rust", "docker", "image", "static"],
  servicePlan: ["free", "starter", "standard", "pro", "pro plus", "pro max", "pro ultra"],
  region: ["oregon", "ohio", "virginia", "frankfurt", "singapore"],
  property: ["host", "port", "hostport", "connectionString", "user", "password", "database"],
  databasePlan: [
    "free",
    "basic-256mb",
    "basic-1gb",
    "basic-4gb",
    ...["4gb", "8gb", "16gb", "32gb", "64gb", "128gb", "192gb", "256gb", "384gb", "512gb"].map((size) => `pro-${size}`),
    ...["16gb", "32gb", "64gb", "128gb", "256gb", "384gb", "512gb", "768gb", "1024gb"].map((s) => `accelerated-${s}`),
  ],
};

/** Render's own variables (not the API's config), allowed beside the schema's keys. */
const PLATFORM_KEYS = ["NODE_VERSION"];

function unknownKeys(value: object, known: string[]): string[] {
  return Object.keys(value).filter((key) => !known.includes(key));
}

function sourcesOf(entry: EnvVarSpec): string[] {
  return ["value", "generateValue", "sync", "fromDatabase", "fromService", "fromGroup"].filter((s) => s in entry);
}

/** A value of the shape Render would give (or the user would type) for each variable. */
function sampleValue(entry: EnvVarSpec, asked: Record<string, string>): string {
  if (entry.value !== undefined) return String(entry.value);
  // "a randomized, base64-encoded, 256-bit value" (spec, Generating random secrets).
  if (entry.generateValue) return randomBytes(32).toString("base64");
  if (entry.fromDatabase) return "postgresql://tandem:secret@dpg-d0example-a/tandem";
  const typed = asked[entry.key!];
  if (typed === undefined) throw new Error(`give a sample for ${entry.key}, which the Blueprint asks for`);
  return typed;
}

function envOf(service: ServiceSpec, asked: Record<string, string>): Record<string, string> {
  return Object.fromEntries(serviceEnvVars(blueprint, service).map((entry) => [entry.key!, sampleValue(entry, asked)]));
}

const ASKED_FOR_API = {
  DASHBOARD_ORIGIN: "https://tandem-dashboard.onrender.com",
  DASHBOARD_DEPLOY_HOOK_URL: "https://api.render.com/deploy/srv-d0example?key=abc",
  PLAID_CLIENT_ID: "client-id",
  PLAID_SECRET: "plaid-secret",
  PLAID_ENV: "production",
  PLAID_WEBHOOK_URL: "https://tandem-api.onrender.com/plaid/webhook",
  PLAID_REDIRECT_URI: "https://tandem-dashboard.onrender.com/banks",
};
const ASKED_FOR_SITE = { TANDEM_API_URL: "https://tandem-api.onrender.com", TANDEM_API_KEY: "tdm_ro_example" };

describe("render.yaml against Render's Blueprint spec", () => {
  it("uses only documented fields at every level", () => {
    expect(unknownKeys(blueprint, FIELDS.root)).toEqual([]);
    for (const service of blueprint.services) {
      expect(unknownKeys(service, FIELDS.service), service.name).toEqual([]);
      if (service.runtime !== "static") expect(FIELDS.staticOnly.filter((field) => field in service)).toEqual([]);
      if (service.buildFilter) expect(unknownKeys(service.buildFilter, FIELDS.buildFilter)).toEqual([]);
      for (const header of service.headers ?? []) expect(unknownKeys(header, FIELDS.header)).toEqual([]);
      for (const route of service.routes ?? []) expect(unknownKeys(route, FIELDS.route)).toEqual([]);
      for (const entry of service.envVars ?? []) {
        expect(unknownKeys(entry, FIELDS.envVar), entry.key).toEqual([]);
        if (entry.fromDatabase) expect(unknownKeys(entry.fromDatabase, FIELDS.fromDatabase)).toEqual([]);
      }
    }
    for (const database of blueprint.databases) expect(unknownKeys(database, FIELDS.database)).toEqual([]);
    for (const group of blueprint.envVarGroups) expect(unknownKeys(group, FIELDS.envVarGroup)).toEqual([]);
  });

  it("uses documented values and gives each service what its type requires", () => {
    for (const service of blueprint.services) {
      expect(VALUES.type).toContain(service.type);
      expect(VALUES.runtime).toContain(service.runtime);
      expect(service.rootDir, "built from the repo root with the workspace").toBeUndefined();
      expect(service.buildCommand, service.name).toBeTruthy();
      if (service.plan) expect(VALUES.servicePlan).toContain(service.plan);
      if (service.runtime === "static") {
        expect(service.staticPublishPath).toBeTruthy();
        expect(service.startCommand).toBeUndefined();
        expect(service.region, "static sites have no region").toBeUndefined();
      } else {
        expect(service.startCommand, service.name).toBeTruthy();
        if (service.region) expect(VALUES.region).toContain(service.region);
      }
      for (const route of service.routes ?? []) expect(["redirect", "rewrite"]).toContain(route.type);
    }
    expect(Number.isInteger(api.maxShutdownDelaySeconds)).toBe(true);
    expect(api.maxShutdownDelaySeconds).toBeGreaterThanOrEqual(1);
    expect(api.maxShutdownDelaySeconds).toBeLessThanOrEqual(300);
  });

  it("gives every variable exactly one source, pointing at something that exists", () => {
    for (const service of blueprint.services) {
      for (const entry of service.envVars ?? []) {
        expect(sourcesOf(entry), entry.key ?? entry.fromGroup).toHaveLength(1);
        expect(Boolean(entry.key), "a key, unless it names a group").toBe(!entry.fromGroup);
        if (entry.sync !== undefined) expect(entry.sync).toBe(false);
        if (entry.fromGroup) expect(blueprint.envVarGroups.map((group) => group.name)).toContain(entry.fromGroup);
        if (entry.fromDatabase) {
          expect(blueprint.databases.map((database) => database.name)).toContain(entry.fromDatabase.name);
          expect(VALUES.property).toContain(entry.fromDatabase.property);
        }
      }
    }
    for (const group of blueprint.envVarGroups) {
      for (const entry of group.envVars) {
        expect(entry.sync, `${entry.key}: no sync: false in a group`).toBeUndefined();
        expect(entry.fromService ?? entry.fromDatabase ?? entry.fromGroup, "groups reference nothing").toBeUndefined();
      }
    }
  });

  it("keeps the database off the internet", () => {
    for (const database of blueprint.databases) {
      expect(database.ipAllowList, database.name).toEqual([]);
      if (database.plan) expect(VALUES.databasePlan).toContain(database.plan);
      if (database.region) expect(VALUES.region).toContain(database.region);
      if (database.postgresMajorVersion !== undefined) expect(typeof database.postgresMajorVersion).toBe("string");
    }
  });
});

describe("render.yaml against the API", () => {
  it("names only variables the API's config schema reads (a typo fails here)", () => {
    const known = [...Object.keys(EnvSchema.shape), ...PLATFORM_KEYS];
    const keys = serviceEnvVars(blueprint, api).map((entry) => entry.key!);
    expect(keys.filter((key) => !known.includes(key))).toEqual([]);
    expect(new Set(keys).size, "each variable once").toBe(keys.length);
  });

  it("gives the API a production config that loads with only the values docs/operations.md requires", () => {
    const full = loadEnv(envOf(api, ASKED_FOR_API));
    expect(full.NODE_ENV).toBe("production");
    expect(full.PLAID_CLIENT_ID).toBe("client-id");
    const empty = Object.fromEntries(Object.keys(ASKED_FOR_API).map((key) => [key, ""]));
    const minimal = loadEnv(envOf(api, { ...empty, DASHBOARD_ORIGIN: ASKED_FOR_API.DASHBOARD_ORIGIN }));
    expect(minimal.DATABASE_URL).toBeTruthy();
    expect(minimal.JWT_SECRET).toBeTruthy();
    expect(minimal.DASHBOARD_SEAL_KEY, "a generated value is a valid seal key").toBeTruthy();
    expect(minimal.APP_SECRET_KEY).toHaveLength(1);
  });

  it("lets the API finish shutting down before Render kills it", () => {
    const env = loadEnv(envOf(api, ASKED_FOR_API));
    expect(env.SHUTDOWN_TIMEOUT_SECONDS).toBeLessThan(api.maxShutdownDelaySeconds!);
  });

  it("shares one seal key between the API and the dashboard's build", () => {
    const sealOf = (service: ServiceSpec) =>
      serviceEnvVars(blueprint, service).find((entry) => entry.key === "DASHBOARD_SEAL_KEY");
    expect(sealOf(api)).toBeDefined();
    expect(sealOf(site)).toBe(sealOf(api));
  });

  it("checks health on a path the API answers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tandem-blueprint-"));
    const server = await startServer(loadEnv({ NODE_ENV: "test", API_PORT: "0", PGLITE_DIR: dir }), {
      hostname: "127.0.0.1",
    });
    try {
      const response = await fetch(`${server.url}${api.healthCheckPath}`);
      expect(response.status).toBe(200);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("render.yaml against the dashboard's build", () => {
  // Every variable of the build's environment, and whether the build needs it.
  const BUILD_ENV = {
    TANDEM_API_URL: true,
    TANDEM_API_KEY: true,
    DASHBOARD_SEAL_KEY: true,
    TANDEM_PLAID_LINK_SCRIPT: false,
  } satisfies Record<keyof DashboardBuildEnv, boolean>;

  it("provides every variable the build needs, and no other", () => {
    const keys = serviceEnvVars(blueprint, site).map((entry) => entry.key!);
    const needed = Object.entries(BUILD_ENV).filter(([, required]) => required);
    for (const [key] of needed) expect(keys).toContain(key);
    expect(keys.filter((key) => !(key in BUILD_ENV) && !PLATFORM_KEYS.includes(key))).toEqual([]);
    expect(Object.keys(envOf(site, ASKED_FOR_SITE))).toEqual(keys);
  });

  it("publishes the folder the Framework build writes", () => {
    expect(resolve(REPO_ROOT, site.staticPublishPath!)).toBe(DASHBOARD_DIST);
  });

  const pages = readdirSync(resolve(DASHBOARD_DIR, "src"))
    .filter((file) => file.endsWith(".md"))
    .map((file) => (file === "index.md" ? "/" : `/${file.slice(0, -3)}`));
  const rules: HeaderRule[] = site.headers ?? [];

  it("serves every page at its clean URL", () => {
    const rewrites = (site.routes ?? []).filter((route) => route.type === "rewrite");
    for (const page of pages.filter((path) => path !== "/")) {
      expect(rewrites, page).toContainEqual({ type: "rewrite", source: page, destination: `${page}.html` });
    }
  });

  // Framework names every file under these folders by a hash of its content.
  const assets = [
    "/_observablehq/client.0123abcd.js",
    "/_import/components/session.0123abcd.js",
    "/_node/d3@7.9.2/index.0123abcd.js",
    "/_npm/htl@0.3.1/index.0123abcd.js",
    "/_file/data/ledger.0123abcd.json",
  ];
  const everyPath = [...pages, ...pages.map((page) => (page === "/" ? "/index.html" : `${page}.html`)), ...assets];

  it("caches hashed assets for a year and pages not at all", () => {
    for (const page of pages) expect(headersFor(rules, page)["cache-control"], page).toBe("no-cache");
    for (const page of pages)
      expect(headersFor(rules, `${page === "/" ? "/index" : page}.html`)["cache-control"]).toBe("no-cache");
    for (const asset of assets) {
      expect(headersFor(rules, asset)["cache-control"], asset).toBe("public, max-age=31536000, immutable");
    }
  });

  it("sends the security headers on every path, from one rule each", () => {
    for (const path of everyPath) {
      expect(conflictingNames(rules, path), path).toEqual([]);
      const headers = headersFor(rules, path);
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) {
        expect(headers["permissions-policy"]).toContain(`${feature}=()`);
      }
    }
  });
});

describe("render.yaml against the repository", () => {
  const rootPackage = JSON.parse(readFileSync(resolve(REPO_ROOT, "package.json"), "utf8"));
  const workspaces = new Map<string, { dir: string; scripts: Record<string, string>; deps: string[] }>(
    (rootPackage.workspaces as string[]).map((dir) => {
      const pkg = JSON.parse(readFileSync(resolve(REPO_ROOT, dir, "package.json"), "utf8"));
      return [pkg.name, { dir, scripts: pkg.scripts ?? {}, deps: Object.keys(pkg.dependencies ?? {}) }];
    }),
  );

  /**
   * `npm run <script> [-w <workspace>]`, `npm ci`, and `node --import tsx <entry>` (the
   * start command: npm would not pass SIGTERM on); anything else is not a command we know.
   */
  function checkCommand(command: string) {
    for (const step of command.split("&&").map((part) => part.trim())) {
      if (step === "npm ci") continue;
      const entry = step.match(/^node --import tsx (\S+)$/)?.[1];
      if (entry) {
        expect(existsSync(resolve(REPO_ROOT, entry)), entry).toBe(true);
        continue;
      }
      const match = step.match(/^npm run ([\w:-]+)(?: (?:-w|--workspace) (\S+))?$/);
      expect(match, `"${step}" is npm ci or npm run <script> [-w <workspace>]`).toBeTruthy();
      const [, script, workspace] = match!;
      const scripts = workspace ? workspaces.get(workspace)?.scripts : rootPackage.scripts;
      expect(scripts, `workspace ${workspace}`).toBeDefined();
      expect(Object.keys(scripts!), step).toContain(script);
    }
  }

  it("starts the API as its own start script does", () => {
    const start = workspaces.get("@tandem/api")!.scripts.start!;
    expect(serviceNamed(blueprint, "tandem-api").startCommand).toBe(start.replace("src/", "api/src/"));
  });

  it("runs only scripts that exist in the package.json they name", () => {
    for (const service of blueprint.services) {
      for (const command of [service.buildCommand, service.preDeployCommand, service.startCommand]) {
        if (command) checkCommand(command);
      }
    }
  });

  /** The workspace and every workspace it depends on, as folders. */
  function workspaceDirs(name: string): string[] {
    const workspace = workspaces.get(name)!;
    return [workspace.dir, ...workspace.deps.filter((dep) => workspaces.has(dep)).flatMap(workspaceDirs)];
  }

  it.each([
    ["tandem-api", "@tandem/api"],
    ["tandem-dashboard", "@tandem/dashboard"],
  ])("rebuilds %s on changes to every workspace it is built from", (service, workspace) => {
    const paths = serviceNamed(blueprint, service).buildFilter?.paths ?? [];
    for (const dir of new Set(workspaceDirs(workspace))) expect(paths).toContain(`${dir}/**`);
    expect(paths).toContain("package.json");
    expect(paths).toContain("package-lock.json");
    expect(paths.some((path) => path.startsWith("tests/") || path.startsWith("docs/"))).toBe(false);
  });
});
