/**
 * The OpenAPI document: OpenAPI 3.1, structurally valid (no validator package: required fields are
 * checked and every $ref must resolve), generated from the routes, and covering every route.ts under
 * src/app/api/v1 with each HTTP method it exports. SSE routes are included too (text/event-stream
 * routes still take their params and permission through withRoute). Responses are typed: every success
 * has a body schema (closed objects, shared components by id), every error status is one the wrapper
 * maps an AppError to and points at the one Problem schema. That the schemas match real answers is
 * tests/integration/api-responses.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";
import { APP_ERROR_STATUS } from "@/server/errors";

const ROOT = path.resolve("src/app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

const routeFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : []));

/** `src/app/api/v1/jobs/[jobId]/run/route.ts` → `/api/v1/jobs/{jobId}/run` */
const urlOf = (file: string) => `/api/v1/${path.relative(ROOT, path.dirname(file)).split(path.sep).join("/")}`.replace(/\[([^\]]+)\]/g, "{$1}").replace(/\/$/, "");

type Doc = { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, Record<string, unknown>>>; components: { schemas: Record<string, unknown> } };
type Schema = Record<string, unknown>;
type ResponseObject = { description: string; content?: Record<string, { schema: Schema }> };

const operations = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item).map(([method, op]) => ({ where: `${method.toUpperCase()} ${p}`, id: op.operationId as string, responses: op.responses as Record<string, ResponseObject> })),
  );

const isJsonType = (mt: string) => /^application\/(?:[\w.-]+\+)?json$/.test(mt);

const load = async (): Promise<Doc> => {
  const res = await GET(new Request("http://localhost:3999/api/v1/openapi.json"), { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  return (await res.json()) as Doc;
};

const refsIn = (node: unknown, out: string[] = []): string[] => {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refsIn(v, out);
    }
  return out;
};

const resolvePointer = (doc: unknown, ref: string): unknown =>
  ref
    .replace(/^#\//, "")
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((n, key) => (n && typeof n === "object" ? (n as Record<string, unknown>)[key] : undefined), doc);

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 with info, paths and components, served without a session", async () => {
    const doc = await load();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(Object.keys(doc.paths).length).toBeGreaterThan(20);
    expect(doc.components.schemas.Problem).toBeTruthy();
  });

  it("every operation has a unique operationId, a summary, responses with descriptions, declared path parameters and x-permission", async () => {
    const doc = await load();
    const ids = new Set<string>();
    for (const [p, item] of Object.entries(doc.paths)) {
      expect(p.startsWith("/api/v1/")).toBe(true);
      for (const [method, op] of Object.entries(item)) {
        expect(METHODS).toContain(method.toUpperCase());
        const id = op.operationId as string;
        expect(id, `${method} ${p}`).toBeTruthy();
        expect(ids.has(id), `duplicate operationId ${id}`).toBe(false);
        ids.add(id);
        expect(op.summary).toBeTruthy();
        expect(op["x-permission"]).toBeTruthy();
        const responses = op.responses as Record<string, { description?: string }>;
        expect(Object.keys(responses).length).toBeGreaterThan(0);
        for (const r of Object.values(responses)) expect(r.description).toBeTruthy();
        const params = (op.parameters ?? []) as { name: string; in: string; required?: boolean; schema?: unknown }[];
        for (const prm of params) {
          expect(["path", "query", "header", "cookie"]).toContain(prm.in);
          expect(prm.schema).toBeTruthy();
        }
        for (const m of p.matchAll(/\{([^}]+)\}/g)) expect(params.find((x) => x.in === "path" && x.name === m[1])?.required, `${p} declares ${m[1]}`).toBe(true);
      }
    }
  });

  it("every $ref resolves and no embedded schema keeps a $schema or $defs of its own", async () => {
    const doc = await load();
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith("#/"), ref).toBe(true);
      expect(resolvePointer(doc, ref), ref).toBeTruthy();
    }
    const text = JSON.stringify(doc);
    expect(text).not.toContain('"$defs"');
    expect(text).not.toContain('"$schema"');
  });

  it("covers every route.ts under src/app/api/v1 and every HTTP method it exports (coverage)", async () => {
    const doc = await load();
    const files = routeFiles(ROOT);
    expect(files.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const file of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      const url = urlOf(file);
      for (const m of METHODS.filter((x) => typeof mod[x] === "function")) if (!doc.paths[url]?.[m.toLowerCase()]) missing.push(`${m} ${url}`);
    }
    expect(missing).toEqual([]);
  });

  it("request schemas come from zod: the job body has the form's fields and the run route its wait/timeout query", async () => {
    const doc = await load();
    const create = doc.paths["/api/v1/jobs"]!.post as { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> } };
    const body = create.requestBody.content["application/json"]!.schema;
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(["name", "sourceId", "databases", "destinationIds", "schedule", "retention"]));
    expect(body.required).toEqual(expect.arrayContaining(["name", "sourceId", "databases", "destinationIds"]));
    expect(body.required).not.toContain("compression");
    const run = doc.paths["/api/v1/jobs/{jobId}/run"]!.post as { parameters: { name: string; in: string; schema: Record<string, unknown> }[]; responses: Record<string, unknown> };
    expect(run.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(["path:jobId", "query:wait", "query:timeout"]));
    expect(run.parameters.find((p) => p.name === "timeout")!.schema).toMatchObject({ maximum: 3600, default: 300 });
    expect(Object.keys(run.responses)).toEqual(expect.arrayContaining(["200", "202", "401", "403"]));
    const health = doc.paths["/api/v1/health"]!.get as { security: unknown[] };
    expect(health.security).toEqual([]);
  });

  it("every operation answers at least one success with a typed body: a schema for JSON, a string for text and bytes", async () => {
    const doc = await load();
    const untyped: string[] = [];
    for (const op of operations(doc)) {
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      expect(success.length, `${op.where} has no 2xx response`).toBeGreaterThan(0);
      for (const [status, r] of success) {
        expect(r.content, `${op.where} ${status}`).toBeTruthy();
        for (const [mt, { schema }] of Object.entries(r.content!)) {
          if (isJsonType(mt)) {
            if (!schema.$ref && !schema.type) untyped.push(`${op.where} ${status} ${mt}`);
          } else if (mt.startsWith("text/")) expect(schema, `${op.where} ${mt}`).toEqual({ type: "string" });
          else expect(schema, `${op.where} ${mt}`).toEqual({ type: "string", contentMediaType: mt });
        }
      }
    }
    expect(untyped).toEqual([]);
  });

  it("error statuses are the ones the wrapper maps AppError codes to, each the shared Problem (problem+json) unless the route answers its own body", async () => {
    const doc = await load();
    const mapped = new Set(Object.values(APP_ERROR_STATUS).map(String));
    const problem = doc.components.schemas.Problem as { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };
    expect(problem.required).toEqual(["type", "title", "status", "detail", "code"]);
    expect(Object.keys(problem.properties)).toEqual(["type", "title", "status", "detail", "code", "errors"]);
    expect(problem.additionalProperties).toBe(false);
    let refs = 0;
    for (const op of operations(doc)) {
      for (const [status, r] of Object.entries(op.responses)) {
        if (/^2\d\d$/.test(status)) continue;
        if (status !== "default") expect(mapped.has(status), `${op.where} documents ${status}, which no AppError code maps to`).toBe(true);
        const problemJson = r.content?.["application/problem+json"];
        if (problemJson) {
          expect(problemJson.schema, `${op.where} ${status}`).toEqual({ $ref: "#/components/schemas/Problem" });
          refs++;
        } else expect(r.content?.["application/json"]?.schema, `${op.where} ${status} has neither problem+json nor a body schema`).toBeTruthy();
      }
      expect(op.responses.default?.content?.["application/problem+json"], op.where).toBeTruthy();
    }
    expect(refs).toBeGreaterThan(100);
    const byId = Object.fromEntries(operations(doc).map((o) => [o.id, o.responses]));
    expect(Object.keys(byId["jobs.run"]!)).toEqual(expect.arrayContaining(["200", "202", "400", "401", "403", "404", "409"]));
    expect(byId["jobs.drill"]!["412"]?.content?.["application/problem+json"]).toBeTruthy();
    expect(byId["health.get"]!["503"]!.content!["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/Health" });
    expect(byId["jobs.list"]!["401"]).toBeTruthy();
    expect(byId["health.get"]!["401"]).toBeUndefined();
  });

  it("response objects are closed (additionalProperties: false) all the way down, so an undocumented field is a difference", async () => {
    const doc = await load();
    const open: string[] = [];
    const seen = new Set<unknown>();
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
      if (!node || typeof node !== "object" || seen.has(node)) return;
      seen.add(node);
      const s = node as Schema;
      if (typeof s.$ref === "string") return walk(resolvePointer(doc, s.$ref), s.$ref);
      if (s.properties && s.additionalProperties !== false) open.push(at);
      for (const [k, v] of Object.entries(s)) walk(v, `${at}/${k}`);
    };
    for (const op of operations(doc)) {
      // The document's own route describes the document loosely (its meta-schema is OpenAPI's).
      if (op.id === "openapi.get") continue;
      for (const [status, r] of Object.entries(op.responses)) if (/^2\d\d$/.test(status)) walk(r.content, `${op.where} ${status}`);
    }
    expect(seen.size).toBeGreaterThan(200);
    expect(open).toEqual([]);
  });

  it("shared response schemas are components referenced by id: one Job, one Execution, one DateTime", async () => {
    const doc = await load();
    const schemas = doc.components.schemas as Record<string, Schema>;
    for (const id of ["Job", "JobListItem", "Execution", "ExecutionListItem", "Backup", "AdapterConfig", "User", "Health", "DateTime", "ExecutionStarted"]) expect(schemas[id], id).toBeTruthy();
    expect(schemas.DateTime).toMatchObject({ type: "string", format: "date-time" });
    const text = JSON.stringify(doc.paths);
    const count = (ref: string) => text.split(`"${ref}"`).length - 1;
    expect(count("#/components/schemas/Job")).toBe(3); // get, create, update
    expect(count("#/components/schemas/Execution")).toBe(2); // executions.get, jobs.run (wait=true)
    expect(count("#/components/schemas/ExecutionStarted")).toBe(2); // jobs.run 202, backups.restore 202
    const job = schemas.Job as { properties: Record<string, Schema>; required: string[] };
    expect(job.required).toEqual(expect.arrayContaining(["id", "slug", "source", "destinations", "retention", "drill", "createdAt"]));
    expect(job.properties.createdAt).toEqual({ $ref: "#/components/schemas/DateTime" });
    const run = doc.paths["/api/v1/jobs/{jobId}/run"]!.post as { responses: Record<string, ResponseObject> };
    expect(run.responses["200"]!.content!["application/json"]!.schema).toMatchObject({ properties: { execution: { $ref: "#/components/schemas/Execution" } }, required: ["executionId", "execution"] });
    const logs = doc.paths["/api/v1/executions/{executionId}/logs"]!.get as { responses: Record<string, ResponseObject> };
    expect(Object.keys(logs.responses["200"]!.content!)).toEqual(["application/json", "text/plain"]);
  });
});
