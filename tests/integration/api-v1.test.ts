/**
 * The REST API as a CI pipeline uses it: an API key, jobs CRUD, problem+json for refusals and bad
 * input, `?wait=true` on a real backup (sqlite → local) and the 202 + Location answer when the wait
 * runs out, and adapter lists that never carry a secret.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import type { Grant, Permission } from "@/server/rbac/permissions";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { cancelRun } from "@/server/services/runs/cancel-run";
import { silentServer } from "./helpers/adapters";
import { makeUser } from "./helpers/users";
import { makeDestination, makeJob, makeSource, pgConfig, resetEngineDb, unique, waitForRun } from "./engine/fixtures";

const BASE = "http://localhost:3999";
type Ctx = { params: Promise<Record<string, string>> };
type Handler = (req: Request, ctx: Ctx) => Promise<Response>;
const ctx = (params: Record<string, string> = {}): Ctx => ({ params: Promise.resolve(params) });

const grantOf = async (group: string): Promise<Grant> => {
  const g = await db.group.findUniqueOrThrow({ where: { name: group } });
  return { isSuperAdmin: g.isSuperAdmin, permissions: new Set(JSON.parse(g.permissions) as string[]) };
};
const keyFor = async (group: string, permissions: Permission[]) => {
  const u = await makeUser(group);
  const actor = { kind: "user" as const, userId: u.id, email: u.email };
  const k = await createApiKey({ userId: u.id, grant: await grantOf(group), data: { name: `${group} CI key`, permissions, expiresInDays: 30 }, actor });
  return { user: u, ...k };
};

/** Calls a route handler as curl would. */
const call = async (handler: Handler, method: string, url: string, key: string | null, opts: { params?: Record<string, string>; body?: unknown } = {}) => {
  const headers = new Headers({ "user-agent": "curl/8", "content-type": "application/json" });
  if (key) headers.set("authorization", `Bearer ${key}`);
  const res = await handler(new Request(`${BASE}${url}`, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) }), ctx(opts.params));
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are read loosely; each test asserts the shape it needs
    json: (text ? JSON.parse(text) : null) as any,
  };
};

const jobsRoute = () => import("@/app/api/v1/jobs/route");
const jobRoute = () => import("@/app/api/v1/jobs/[jobId]/route");
const runRoute = () => import("@/app/api/v1/jobs/[jobId]/run/route");

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-api-v1-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
beforeEach(async () => {
  await db.apikey.deleteMany();
  await resetEngineDb();
});

const sqliteJob = async () => {
  const file = path.join(tmp, `src-${unique()}.db`);
  execFileSync("sqlite3", [file, "CREATE TABLE t(v TEXT); INSERT INTO t VALUES ('x');"]);
  const source = await makeSource("sqlite", { path: file });
  const destination = await makeDestination("local", { path: path.join(tmp, `dest-${unique()}`) });
  return { source, destination };
};

describe("/api/v1 with an API key", () => {
  it("jobs: create, list, get, update and delete", async () => {
    const { source, destination } = await sqliteJob();
    const k = await keyFor("Operator", ["jobs:read", "jobs:write"]);
    const { GET: list, POST: create } = await jobsRoute();
    const { GET: get, PUT: update, DELETE: remove } = await jobRoute();

    const created = await call(create, "POST", "/api/v1/jobs", k.key, { body: { name: "CI job", sourceId: source.id, databases: { mode: "all" }, destinationIds: [destination.id], compression: "none" } });
    expect(created.status).toBe(201);
    const id = created.json.job.id as string;
    expect(created.json.job).toMatchObject({ name: "CI job", compression: "none", enabled: true });

    const listed = await call(list, "GET", "/api/v1/jobs", k.key);
    expect(listed.status).toBe(200);
    expect(listed.json.jobs.map((j: { id: string }) => j.id)).toContain(id);

    expect((await call(get, "GET", `/api/v1/jobs/${id}`, k.key, { params: { jobId: id } })).json.job).toMatchObject({ id, name: "CI job" });

    const updated = await call(update, "PUT", `/api/v1/jobs/${id}`, k.key, {
      params: { jobId: id },
      body: { name: "CI job renamed", sourceId: source.id, databases: { mode: "all" }, destinationIds: [destination.id], compression: "gzip", compressionLevel: 9 },
    });
    expect(updated.status).toBe(200);
    expect(updated.json.job).toMatchObject({ id, name: "CI job renamed", compression: "gzip", compressionLevel: 9 });

    const deleted = await call(remove, "DELETE", `/api/v1/jobs/${id}`, k.key, { params: { jobId: id } });
    expect(deleted.status).toBe(200);
    const gone = await call(get, "GET", `/api/v1/jobs/${id}`, k.key, { params: { jobId: id } });
    expect(gone.status).toBe(404);
    expect(gone.headers.get("content-type")).toBe("application/problem+json");
    expect(await db.auditLog.count({ where: { action: { startsWith: "job." }, userId: k.user.id } })).toBeGreaterThanOrEqual(3);
  });

  it("refusals are RFC 9457 problem+json: no key (401), a key without the permission (403)", async () => {
    const { GET: list, POST: create } = await jobsRoute();
    const anon = await call(list, "GET", "/api/v1/jobs", null);
    expect(anon.status).toBe(401);
    expect(anon.headers.get("content-type")).toBe("application/problem+json");
    expect(anon.json).toMatchObject({ type: "about:blank", title: "UNAUTHENTICATED", status: 401, code: "UNAUTHENTICATED" });

    const reader = await keyFor("Operator", ["jobs:read"]);
    const denied = await call(create, "POST", "/api/v1/jobs", reader.key, { body: { name: "nope" } });
    expect(denied.status).toBe(403);
    expect(denied.headers.get("content-type")).toBe("application/problem+json");
    expect(denied.json).toMatchObject({ type: "about:blank", title: "FORBIDDEN", status: 403, code: "FORBIDDEN" });
    expect(denied.json.detail).toContain("jobs:write");
    expect(await db.job.count()).toBe(0);

    const { POST: verify } = await import("@/app/api/v1/backups/[backupId]/verify/route");
    expect((await call(verify, "POST", "/api/v1/backups/x/verify", reader.key, { params: { backupId: "x" } })).status).toBe(403);
  });

  it("invalid input is a 400 problem+json with errors by field", async () => {
    const k = await keyFor("Operator", ["jobs:read", "jobs:write", "jobs:execute"]);
    const { POST: create } = await jobsRoute();
    const bad = await call(create, "POST", "/api/v1/jobs", k.key, { body: { name: "", databases: { mode: "pick", names: [] }, destinationIds: [] } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect(bad.json).toMatchObject({ title: "VALIDATION", status: 400, code: "VALIDATION" });
    expect(typeof bad.json.detail).toBe("string");
    expect(Object.keys(bad.json.errors)).toEqual(expect.arrayContaining(["name", "sourceId", "destinationIds", "databases.names"]));

    const { POST: run } = await runRoute();
    const badTimeout = await call(run, "POST", "/api/v1/jobs/j/run?wait=true&timeout=99999", k.key, { params: { jobId: "j" } });
    expect(badTimeout.status).toBe(400);
    expect(Object.keys(badTimeout.json.errors)).toEqual(["timeout"]);
  });

  it("POST /jobs/:id/run?wait=true answers 200 with the final Success execution of a real backup", async () => {
    const { source, destination } = await sqliteJob();
    const job = await makeJob({ sourceId: source.id, destinationIds: [destination.id], databases: { mode: "all" }, compression: "none" });
    const k = await keyFor("Operator", ["jobs:execute"]);
    const { POST: run } = await runRoute();
    const res = await call(run, "POST", `/api/v1/jobs/${job.id}/run?wait=true&timeout=60`, k.key, { params: { jobId: job.id } });
    expect(res.status).toBe(200);
    expect(res.json.execution).toMatchObject({ id: res.json.executionId, type: "Backup", status: "Success", trigger: "api", final: true });
    expect(await db.backup.count({ where: { executionId: res.json.executionId } })).toBe(1);
  });

  it("when the wait runs out: 202 with the id and a Location to poll; the run goes on", async () => {
    // A PostgreSQL "server" that accepts connections and never answers keeps the run busy.
    const silent = await silentServer();
    try {
      const port = silent.port;
      const source = await makeSource("postgres", { ...pgConfig(), host: "127.0.0.1", port });
      const destination = await makeDestination("local", { path: path.join(tmp, `dest-${unique()}`) });
      const job = await makeJob({ sourceId: source.id, destinationIds: [destination.id], databases: { mode: "pick", names: ["app"] }, compression: "none" });
      const k = await keyFor("Operator", ["jobs:execute"]);
      const { POST: run } = await runRoute();
      const t0 = Date.now();
      const res = await call(run, "POST", `/api/v1/jobs/${job.id}/run?wait=true&timeout=1`, k.key, { params: { jobId: job.id } });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
      expect(res.status).toBe(202);
      const executionId = res.json.executionId as string;
      expect(res.headers.get("location")).toBe(`/api/v1/executions/${executionId}`);
      expect((await db.execution.findUniqueOrThrow({ where: { id: executionId } })).status).toBe("Running");
      await cancelRun({ executionId, actor: { kind: "user", userId: k.user.id, email: k.user.email } });
      expect((await waitForRun(executionId, 20_000)).status).toBe("Cancelled");
    } finally {
      silent.close();
    }
  });

  it("sources and destinations lists never carry a secret; /test checks a stored one of that kind", async () => {
    const secret = `s3cret-${unique()}`;
    const source = await makeSource("postgres", { ...pgConfig(), password: secret });
    const { destination } = await sqliteJob();
    const k = await keyFor("Operator", ["sources:read", "destinations:read"]);
    const { GET: sources } = await import("@/app/api/v1/sources/route");
    const { GET: destinations } = await import("@/app/api/v1/destinations/route");
    const s = await call(sources, "GET", "/api/v1/sources", k.key);
    expect(s.status).toBe(200);
    expect(s.json.sources.find((x: { id: string }) => x.id === source.id)).toMatchObject({ secretsSet: ["password"] });
    expect(JSON.stringify(s.json)).not.toContain(secret);
    expect((await call(destinations, "GET", "/api/v1/destinations", k.key)).json.destinations.map((d: { id: string }) => d.id)).toContain(destination.id);

    const { POST: testSource } = await import("@/app/api/v1/sources/[sourceId]/test/route");
    const tested = await call(testSource, "POST", `/api/v1/sources/${source.id}/test`, k.key, { params: { sourceId: source.id } });
    expect(tested.status).toBe(200);
    // The password is wrong on purpose (it is the secret we look for): the test runs, fails and is recorded.
    expect(tested.json).toMatchObject({ id: source.id, result: { ok: false } });
    expect(await db.healthCheckLog.count({ where: { adapterConfigId: source.id } })).toBe(1);
    expect(JSON.stringify(tested.json)).not.toContain(secret);
    // A destination's id through the sources route is not found, not tested.
    expect((await call(testSource, "POST", `/api/v1/sources/${destination.id}/test`, k.key, { params: { sourceId: destination.id } })).status).toBe(404);
  });

  it("backups: verify and lock/unlock through the API", async () => {
    const { source, destination } = await sqliteJob();
    const job = await makeJob({ sourceId: source.id, destinationIds: [destination.id], databases: { mode: "all" }, compression: "none" });
    const k = await keyFor("Admin", ["jobs:execute", "storage:download", "storage:delete"]);
    const { POST: run } = await runRoute();
    const ran = await call(run, "POST", `/api/v1/jobs/${job.id}/run?wait=true`, k.key, { params: { jobId: job.id } });
    expect(ran.json.execution.status).toBe("Success");
    const backup = await db.backup.findFirstOrThrow({ where: { executionId: ran.json.executionId } });
    const { POST: verify } = await import("@/app/api/v1/backups/[backupId]/verify/route");
    const v = await call(verify, "POST", `/api/v1/backups/${backup.id}/verify`, k.key, { params: { backupId: backup.id } });
    expect(v.status).toBe(200);
    expect(v.json).toMatchObject({ status: "ok" });
    const { PUT: lock, DELETE: unlock } = await import("@/app/api/v1/backups/[backupId]/lock/route");
    expect((await call(lock, "PUT", `/api/v1/backups/${backup.id}/lock`, k.key, { params: { backupId: backup.id } })).json).toEqual({ id: backup.id, locked: true });
    expect((await db.backup.findUniqueOrThrow({ where: { id: backup.id } })).locked).toBe(true);
    expect((await call(unlock, "DELETE", `/api/v1/backups/${backup.id}/lock`, k.key, { params: { backupId: backup.id } })).json).toEqual({ id: backup.id, locked: false });
  });

  it("GET /api/v1/health is public", async () => {
    const { GET } = await import("@/app/api/v1/health/route");
    const h = await call(GET, "GET", "/api/v1/health", null);
    expect(h.status).toBe(200);
    expect(h.json).toMatchObject({ status: "ok", database: { ok: true } });
  });
});
