/**
 * The OpenAPI document: OpenAPI 3.1, structurally valid (no validator package: required fields are
 * checked and every $ref must resolve), generated from the routes, and covering every route.ts under
 * src/app/api/v1 with each HTTP method it exports. SSE routes are included too (text/event-stream
 * routes still take their params and permission through withRoute).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";

const ROOT = path.resolve("src/app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

const routeFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : []));

/** `src/app/api/v1/jobs/[jobId]/run/route.ts` → `/api/v1/jobs/{jobId}/run` */
const urlOf = (file: string) => `/api/v1/${path.relative(ROOT, path.dirname(file)).split(path.sep).join("/")}`.replace(/\[([^\]]+)\]/g, "{$1}").replace(/\/$/, "");

type Doc = { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, Record<string, unknown>>>; components: { schemas: Record<string, unknown> } };

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
});
