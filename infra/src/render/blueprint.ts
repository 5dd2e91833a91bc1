/**
 * render.yaml, read as typed data: the one description of what runs in production. The
 * local dashboard server takes its response headers from here, and the Blueprint test
 * checks it against Render's spec and against the code.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";

export const REPO_ROOT = resolve(import.meta.dirname, "../../..");
export const RENDER_YAML = resolve(REPO_ROOT, "render.yaml");

export interface EnvVarSpec {
  key?: string;
  value?: string | number | boolean;
  generateValue?: boolean;
  sync?: boolean;
  fromDatabase?: { name: string; property: string };
  fromService?: { name: string; type: string; property?: string; envVarKey?: string };
  fromGroup?: string;
}

export interface HeaderRule {
  path: string;
  name: string;
  value: string;
}

export interface RouteRule {
  type: "redirect" | "rewrite";
  source: string;
  destination: string;
}

export interface BuildFilter {
  paths?: string[];
  ignoredPaths?: string[];
}

export interface ServiceSpec {
  type: string;
  name: string;
  runtime?: string;
  plan?: string;
  region?: string;
  buildCommand?: string;
  preDeployCommand?: string;
  startCommand?: string;
  healthCheckPath?: string;
  maxShutdownDelaySeconds?: number;
  rootDir?: string;
  buildFilter?: BuildFilter;
  staticPublishPath?: string;
  headers?: HeaderRule[];
  routes?: RouteRule[];
  envVars?: EnvVarSpec[];
}

export interface DatabaseSpec {
  name: string;
  plan?: string;
  region?: string;
  databaseName?: string;
  user?: string;
  postgresMajorVersion?: string;
  ipAllowList?: { source: string; description?: string }[];
}

export interface EnvVarGroupSpec {
  name: string;
  envVars: EnvVarSpec[];
}

export interface Blueprint {
  services: ServiceSpec[];
  databases: DatabaseSpec[];
  envVarGroups: EnvVarGroupSpec[];
}

export class BlueprintError extends Error {}

export function readBlueprint(path = RENDER_YAML): Blueprint {
  const parsed: unknown = parse(readFileSync(path, "utf8"));
  if (!parsed || typeof parsed !== "object" || !Array.isArray((parsed as Blueprint).services)) {
    throw new BlueprintError(`${path} has no services list`);
  }
  const blueprint = parsed as Partial<Blueprint>;
  return {
    services: blueprint.services ?? [],
    databases: blueprint.databases ?? [],
    envVarGroups: blueprint.envVarGroups ?? [],
  };
}

export function serviceNamed(blueprint: Blueprint, name: string): ServiceSpec {
  const service = blueprint.services.find((candidate) => candidate.name === name);
  if (!service) throw new BlueprintError(`render.yaml has no service named ${name}`);
  return service;
}

/** The Blueprint's one static site: the dashboard. */
export function staticSite(blueprint: Blueprint): ServiceSpec {
  const sites = blueprint.services.filter((service) => service.runtime === "static");
  if (sites.length !== 1) throw new BlueprintError(`render.yaml should have one static site, has ${sites.length}`);
  return sites[0]!;
}

/** The header rules of the static site in render.yaml, as the local server applies them. */
export function staticSiteHeaderRules(path = RENDER_YAML): HeaderRule[] {
  return staticSite(readBlueprint(path)).headers ?? [];
}

/**
 * Every variable a service receives: its own and those of the groups it names. A group's
 * definitions come first, as the service's own settings are the more specific.
 */
export function serviceEnvVars(blueprint: Blueprint, service: ServiceSpec): EnvVarSpec[] {
  return (service.envVars ?? []).flatMap((entry) => {
    if (!entry.fromGroup) return [entry];
    const group = blueprint.envVarGroups.find((candidate) => candidate.name === entry.fromGroup);
    if (!group) throw new BlueprintError(`${service.name} names a missing env group ${entry.fromGroup}`);
    return group.envVars;
  });
}
