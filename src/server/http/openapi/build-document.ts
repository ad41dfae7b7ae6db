/**
 * Builds the OpenAPI 3.1 document from the route handlers themselves: every handler made by
 * `withRoute` carries its spec (name, access, zod schemas, summary), so nothing here is written by hand
 * but the wording of the shared parts.
 */
import { BUNKER_VERSION } from "@/lib/version";
import type { RouteSpec } from "../route";
import { type JsonSchema, toJsonSchema } from "./json-schema";
import { ZProblem } from "./problem";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** One route module: its URL path in OpenAPI form (`/api/v1/jobs/{jobId}`) and its exports. */
export type RouteModule = { path: string; module: Record<string, unknown> };

const specOf = (handler: unknown): RouteSpec | null =>
  typeof handler === "function" && "spec" in handler ? ((handler as { spec: RouteSpec }).spec ?? null) : null;

const PROBLEM_REF = { $ref: "#/components/schemas/Problem" };
const problemResponse = (description: string) => ({ description, content: { "application/problem+json": { schema: PROBLEM_REF } } });

const isJson = (mediaType: string) => /^application\/(?:[\w.-]+\+)?json\b/.test(mediaType);

/** A body that is not JSON: text (logs, server-sent events) or bytes (downloads, in OpenAPI 3.1's words). */
const nonJsonSchema = (mediaType: string): JsonSchema => (mediaType.startsWith("text/") ? { type: "string" } : { type: "string", contentMediaType: mediaType });

const safeName = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, "_");

const parametersOf = (schema: JsonSchema, where: "path" | "query") => {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: where, required: where === "path" || required.has(name), ...(typeof description === "string" ? { description } : {}), schema: rest };
  });
};

const operationOf = (method: string, path: string, spec: RouteSpec, components: Record<string, JsonSchema>) => {
  const id = safeName(spec.name);
  const isPublic = spec.access === "public";
  const parameters = [
    ...(spec.params ? parametersOf(toJsonSchema(spec.params, "input", `${id}.params`, components), "path") : []),
    ...(spec.query ? parametersOf(toJsonSchema(spec.query, "input", `${id}.query`, components), "query") : []),
  ];
  // Path parameters the route does not parse still appear in the path: OpenAPI requires them declared.
  for (const m of path.matchAll(/\{([^}]+)\}/g)) {
    if (!parameters.some((p) => p.in === "path" && p.name === m[1])) parameters.push({ name: m[1]!, in: "path", required: true, schema: { type: "string" } });
  }
  const declared = spec.responses ?? { [method === "POST" ? 201 : 200]: { description: "Success" } };
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(declared)) {
    // An error status the route names (409 "already running") without a body of its own is problem+json.
    if (Number(status) >= 400 && !r.schema && !r.contentType) {
      responses[status] = problemResponse(r.description);
      continue;
    }
    const mediaTypes = [r.contentType ?? "application/json"].flat();
    const content: Record<string, { schema: JsonSchema }> = {};
    for (const mt of mediaTypes) {
      content[mt] = { schema: isJson(mt) ? (r.schema ? toJsonSchema(r.schema, "output", `${id}.response${status}`, components) : {}) : nonJsonSchema(mt) };
    }
    responses[status] = { description: r.description, content };
  }
  // What the wrapper itself answers (route.ts, guard.ts), unless the route worded it already.
  const auto = (status: string, description: string) => {
    responses[status] ??= problemResponse(description);
  };
  if (spec.params || spec.query || spec.body) auto("400", "Invalid input (VALIDATION, with `errors` by field) or a bad request");
  if (!isPublic) {
    auto("401", "No session and no valid API key");
    auto("403", spec.access === "authenticated" ? "Refused" : `The caller lacks the ${spec.access} permission`);
  }
  if (spec.params) auto("404", "Not found");
  responses["default"] = problemResponse("Any other error, as problem+json");
  return {
    operationId: id,
    summary: spec.summary ?? spec.name,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [path.split("/")[3] ?? "api"],
    "x-permission": spec.access,
    security: isPublic ? [] : [{ bearerApiKey: [] }, { sessionCookie: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: toJsonSchema(spec.body, "input", `${id}.body`, components) } } } } : {}),
    responses,
  };
};

export const buildOpenApiDocument = (routes: RouteModule[]) => {
  const components: Record<string, JsonSchema> = {};
  // Registered as "Problem" (its id): every error response refers to it.
  toJsonSchema(ZProblem, "output", "problem", components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { path, module } of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    for (const method of HTTP_METHODS) {
      const spec = specOf(module[method]);
      if (!spec) continue;
      (paths[path] ??= {})[method.toLowerCase()] = operationOf(method, path, spec, components);
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Bunker API",
      version: BUNKER_VERSION,
      description:
        "Authenticate with a session cookie or `Authorization: Bearer <api key>`. Errors are RFC 9457 problem+json. `x-permission` names the permission an operation needs.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerApiKey: { type: "http", scheme: "bearer", description: "An API key from Profile → API keys" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "better-auth.session_token", description: "A signed-in browser session" },
      },
    },
    tags: [...new Set(Object.keys(paths).map((p) => p.split("/")[3] ?? "api"))].sort().map((name) => ({ name })),
  };
};

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
