/**
 * The API's own /openapi.json as a list of routes with their request schemas, $refs
 * resolved, so the matrix and the fuzzer are generated from what the API declares rather
 * than from a list here that could fall behind it.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  example?: unknown;
  $ref?: string;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: JsonSchema;
}

export interface Route {
  method: string;
  /** The OpenAPI path, e.g. "/accounts/{id}". */
  path: string;
  /** Declares a security requirement: a bearer credential is needed. */
  secured: boolean;
  parameters: Parameter[];
  /** The application/json request body's schema, if the route takes one. */
  jsonBody: JsonSchema | null;
  bodyRequired: boolean;
  contentTypes: string[];
}

interface RawOperation {
  security?: unknown[];
  parameters?: { name: string; in: Parameter["in"]; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Inlines every `#/components/schemas/X` reference (the API's schemas are not recursive). */
export function resolveRefs(schema: JsonSchema, doc: OpenApiDoc, depth = 0): JsonSchema {
  if (depth > 20) throw new Error("schema nesting too deep: a recursive $ref?");
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved ${schema.$ref}`);
    const { $ref: _ref, ...rest } = schema;
    return resolveRefs({ ...target, ...rest }, doc, depth + 1);
  }
  const out: JsonSchema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, resolveRefs(value, doc, depth + 1)]),
    );
  }
  if (schema.items) out.items = resolveRefs(schema.items, doc, depth + 1);
  if (typeof schema.additionalProperties === "object") {
    out.additionalProperties = resolveRefs(schema.additionalProperties, doc, depth + 1);
  }
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    if (schema[key]) out[key] = schema[key]!.map((s) => resolveRefs(s, doc, depth + 1));
  }
  return out;
}

export function routesOf(doc: OpenApiDoc): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const content = operation.requestBody?.content ?? {};
      const json = content["application/json"]?.schema;
      routes.push({
        method: method.toUpperCase(),
        path,
        secured: (operation.security?.length ?? 0) > 0,
        parameters: (operation.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required ?? p.in === "path",
          schema: resolveRefs(p.schema ?? {}, doc),
        })),
        jsonBody: json ? resolveRefs(json, doc) : null,
        bodyRequired: operation.requestBody?.required ?? false,
        contentTypes: Object.keys(content),
      });
    }
  }
  return routes;
}

export async function fetchRoutes(baseUrl: string): Promise<{ doc: OpenApiDoc; routes: Route[] }> {
  const response = await fetch(`${baseUrl}/openapi.json`);
  if (!response.ok) throw new Error(`/openapi.json answered ${response.status}`);
  const doc = (await response.json()) as OpenApiDoc;
  return { doc, routes: routesOf(doc) };
}

/** "/accounts/{id}/x" → "/accounts": the listing that holds a route's {id}. */
export function collectionOf(path: string): string {
  const at = path.indexOf("/{");
  return at < 0 ? path : path.slice(0, at);
}

export const isWrite = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method);

const KNOWN_PATTERNS: Record<string, string> = {
  "^[A-Z]{3}$": "USD",
  "^#[0-9a-fA-F]{6}$": "#336699",
  "^\\d{4}-(0[1-9]|1[0-2])$": "2026-03",
  "^\\d{1,18}(\\.\\d{1,12})?$": "1.25",
};

/** A string the schema accepts: its example, else one made from its format or pattern. */
function sampleString(schema: JsonSchema, fallbackUuid: string): string {
  if (typeof schema.example === "string") return schema.example;
  if (schema.pattern && KNOWN_PATTERNS[schema.pattern]) return KNOWN_PATTERNS[schema.pattern]!;
  switch (schema.format) {
    case "uuid":
      return fallbackUuid;
    case "date":
      return "2026-03-01";
    case "date-time":
      return "2026-03-01T12:00:00.000Z";
    case "email":
      return "someone@example.test";
  }
  return "x".repeat(Math.max(1, schema.minLength ?? 1));
}

/**
 * The smallest value a schema accepts, deterministically: required properties only,
 * the first enum member, numbers at their lower limit or 1. Good enough to get past
 * validation so that what is tested is what comes after it (ownership, scope).
 */
export function sampleValid(schema: JsonSchema, fallbackUuid = "0b9a3c0e-6a52-4f1e-9a55-0e7f6a2f8c11"): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined && schema.type !== "object") return schema.default;
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sampleValid(options.find((o) => o.type !== "null") ?? options[0]!, fallbackUuid);
  if (schema.allOf) return sampleValid(Object.assign({}, ...schema.allOf), fallbackUuid);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "string":
      return sampleString(schema, fallbackUuid);
    case "integer":
    case "number":
      return Math.max(1, schema.minimum ?? (schema.exclusiveMinimum ?? 0) + 1);
    case "boolean":
      return false;
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleValid(schema.items ?? {}, fallbackUuid));
    case "object":
    case undefined: {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sampleValid(schema.properties?.[key] ?? {}, fallbackUuid);
      return out;
    }
    default:
      return null;
  }
}
