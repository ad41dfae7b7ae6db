/**
 * The response schemas in the OpenAPI document against real answers: real route handlers, an API key
 * (a session for the profile picture), real data made by real runs (a SQLite database backed up,
 * encrypted, to a local destination, verified, drilled, restored; a run cancelled mid-dump). Every answer
 * must have a status the document lists for that operation and a media type it lists for that status;
 * every JSON body is parsed with the zod schema the route declares for that status (the shared Problem
 * for an error status without one). The schemas are strict, and the parse must give the body back
 * unchanged, so an undocumented field anywhere fails here. The last test proves the check is not
 * vacuous: bodies with one extra field, deep down, are refused.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getApiV1Document } from "@/app/api/v1/openapi.json/document";
import { db } from "@/server/db";
import { ZProblem } from "@/server/http/openapi/problem";
import type { RouteHandler } from "@/server/http/route";
import { ALL_PERMISSIONS } from "@/server/rbac/permissions";
import { createAdapterConfig } from "@/server/services/adapters/create-adapter-config";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { makeDestination, makeJob, makeProfile, makeSource, pgConfig, resetEngineDb, unique, waitForRun } from "./engine/fixtures";
import { silentServer } from "./helpers/adapters";
import { makeUser, signIn } from "./helpers/users";

const BASE = "http://localhost:3999";

type Op = { responses: Record<string, { content?: Record<string, unknown> }> };
const doc = getApiV1Document();
const operations = new Map<string, Op>(Object.values(doc.paths).flatMap((item) => Object.values(item as Record<string, Op & { operationId: string }>).map((op) => [op.operationId, op] as const)));

/** "<operationId> <status> <media type>" of every answer checked, for the coverage assertion. */
const checked = new Set<string>();

const isJson = (mt: string) => /^application\/(?:[\w.-]+\+)?json$/.test(mt);

/** Parses with the schema and demands the body back unchanged: nothing unknown, nothing dropped. */
const conform = (schema: z.ZodType, body: unknown, label: string) => {
  const r = schema.safeParse(body);
  if (!r.success) throw new Error(`${label} does not match its schema:\n${z.prettifyError(r.error)}\nbody: ${JSON.stringify(body).slice(0, 3000)}`);
  expect(r.data, `${label}: parsing changed the body (an undocumented field was stripped?)`).toEqual(body);
};

/** The answer must be documented (status and media type); a JSON body must match the declared schema. */
const documented = async (handler: RouteHandler, res: Response): Promise<{ status: number; headers: Headers; json: unknown; bytes: Buffer }> => {
  const { name } = handler.spec;
  const op = operations.get(name);
  expect(op, `${name} is not in the document`).toBeTruthy();
  const label = `${name} → ${res.status}`;
  const entry = op!.responses[String(res.status)];
  expect(entry, `${label}: the document does not list this status`).toBeTruthy();
  const mediaType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
  expect(Object.keys(entry!.content ?? {}), `${label}: media type ${mediaType}`).toContain(mediaType);
  checked.add(`${name} ${res.status} ${mediaType}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (!isJson(mediaType)) return { status: res.status, headers: res.headers, json: undefined, bytes };
  const json: unknown = JSON.parse(bytes.toString("utf8"));
  const schema = handler.spec.responses?.[res.status]?.schema ?? (res.status >= 400 ? ZProblem : undefined);
  expect(schema, `${label}: no schema declared`).toBeTruthy();
  conform(schema!, json, label);
  if (res.status >= 400 && schema === ZProblem) expect(json).toMatchObject({ status: res.status, title: (json as { code: string }).code });
  return { status: res.status, headers: res.headers, json, bytes };
};

type CallOptions = { key?: string | null; headers?: Headers; params?: Record<string, string>; body?: unknown; raw?: BodyInit };

const call = async (handler: RouteHandler, method: string, url: string, o: CallOptions = {}) => {
  const headers = new Headers(o.headers);
  headers.set("user-agent", "curl/8");
  if (o.body !== undefined) headers.set("content-type", "application/json");
  if (o.key) headers.set("authorization", `Bearer ${o.key}`);
  const body = o.raw ?? (o.body !== undefined ? JSON.stringify(o.body) : undefined);
  const res = await handler(new Request(`${BASE}${url}`, { method, headers, body }), { params: Promise.resolve(o.params ?? {}) });
  return documented(handler, res);
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies were checked against their schemas; tests read fields loosely
type Any = any;

const routes = {
  jobs: () => import("@/app/api/v1/jobs/route"),
  job: () => import("@/app/api/v1/jobs/[jobId]/route"),
  run: () => import("@/app/api/v1/jobs/[jobId]/run/route"),
  drill: () => import("@/app/api/v1/jobs/[jobId]/drill/route"),
  executions: () => import("@/app/api/v1/executions/route"),
  execution: () => import("@/app/api/v1/executions/[executionId]/route"),
  logs: () => import("@/app/api/v1/executions/[executionId]/logs/route"),
  events: () => import("@/app/api/v1/executions/[executionId]/events/route"),
  cancel: () => import("@/app/api/v1/executions/[executionId]/cancel/route"),
  restoreCancel: () => import("@/app/api/v1/restores/[executionId]/cancel/route"),
  backups: () => import("@/app/api/v1/backups/route"),
  lock: () => import("@/app/api/v1/backups/[backupId]/lock/route"),
  verify: () => import("@/app/api/v1/backups/[backupId]/verify/route"),
  download: () => import("@/app/api/v1/backups/[backupId]/download/route"),
  restore: () => import("@/app/api/v1/backups/[backupId]/restore/route"),
  preflight: () => import("@/app/api/v1/restores/preflight/route"),
  sources: () => import("@/app/api/v1/sources/route"),
  sourceTest: () => import("@/app/api/v1/sources/[sourceId]/test/route"),
  destinations: () => import("@/app/api/v1/destinations/route"),
  destinationTest: () => import("@/app/api/v1/destinations/[destinationId]/test/route"),
  users: () => import("@/app/api/v1/users/route"),
  health: () => import("@/app/api/v1/health/route"),
  exportConfig: () => import("@/app/api/v1/config/export/route"),
  importConfig: () => import("@/app/api/v1/config/import/route"),
  profileImage: () => import("@/app/api/v1/profile/image/route"),
  recoveryKit: () => import("@/app/api/v1/vault/[profileId]/recovery-kit/route"),
};

let tmp = "";
let key = "";
let readerKey = "";
let admin: { id: string; email: string; password: string };
const ids = { source: "", scratch: "", destination: "", profile: "", notifier: "", job: "", backup: "", backupRun: "", drillRun: "", restoreRun: "" };

beforeAll(async () => {
  await resetEngineDb();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-api-responses-"));
  const appDir = path.join(tmp, "app");
  const scratchDir = path.join(tmp, "scratch");
  fs.mkdirSync(appDir);
  fs.mkdirSync(scratchDir);
  const appDb = path.join(appDir, "app.db");
  execFileSync("sqlite3", [appDb, "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL); INSERT INTO orders VALUES (1, 9.5), (2, 12), (3, 0.5); CREATE TABLE notes (t TEXT);"]);
  const scratchDb = path.join(scratchDir, "scratch.db");
  execFileSync("sqlite3", [scratchDb, "CREATE TABLE keep (x INT);"]);
  ids.source = (await makeSource("sqlite", { path: appDb })).id;
  ids.scratch = (await makeSource("sqlite", { path: scratchDb })).id;
  ids.destination = (await makeDestination("local", { path: path.join(tmp, "backups") })).id;
  ids.profile = (await makeProfile(tmp)).id;
  ids.notifier = (await createAdapterConfig({ kind: "notifier", data: { adapterId: "webhook", name: `hook-${unique()}`, config: { url: "http://127.0.0.1:9/hook" } }, actor: SYSTEM_ACTOR })).id;

  const u = await makeUser("SuperAdmin");
  admin = { id: u.id, email: u.email, password: u.password };
  const grant = { isSuperAdmin: true, permissions: new Set<string>() };
  key = (await createApiKey({ userId: u.id, grant, data: { name: "typed responses", permissions: [...ALL_PERMISSIONS], expiresInDays: 30 }, actor: SYSTEM_ACTOR })).key;
  readerKey = (await createApiKey({ userId: u.id, grant, data: { name: "reader", permissions: ["jobs:read"], expiresInDays: 30 }, actor: SYSTEM_ACTOR })).key;
}, 60_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("response bodies match the schemas the OpenAPI document declares", () => {
  it("jobs: create (201), list, get, update; a taken name is a 409 problem", async () => {
    const { GET: list, POST: create } = await routes.jobs();
    const { GET: get, PUT: update } = await routes.job();
    const body = {
      name: "Typed responses",
      description: "every field set",
      sourceId: ids.source,
      databases: { mode: "all" },
      destinationIds: [ids.destination],
      compression: "zstd",
      compressionLevel: 5,
      encryptionProfileId: ids.profile,
      schedule: "0 3 * * *",
      retention: { mode: "gfs", daily: 7, weekly: 4, monthly: 6, yearly: 1 },
      timeoutSeconds: 3600,
      notifiers: [{ notifierId: ids.notifier, events: ["backup.failed", "drill.failed"] }],
      drill: {
        enabled: true,
        schedule: { mode: "manual" },
        targetSourceId: ids.scratch,
        checks: [{ name: "three orders", sql: "SELECT count(*) FROM orders", expectation: "= 3", database: null }],
      },
    };
    const created = await call(create, "POST", "/api/v1/jobs", { key, body });
    expect(created.status).toBe(201);
    const job = (created.json as Any).job;
    ids.job = job.id;
    expect(job).toMatchObject({ encryptionProfile: { id: ids.profile }, notifiers: [{ id: ids.notifier }], drill: { enabled: true, targetSourceId: ids.scratch } });

    expect((await call(create, "POST", "/api/v1/jobs", { key, body })).status).toBe(409);
    expect((await call(get, "GET", `/api/v1/jobs/${ids.job}`, { key, params: { jobId: ids.job } })).status).toBe(200);
    expect((await call(get, "GET", "/api/v1/jobs/nope", { key, params: { jobId: "nope" } })).status).toBe(404);
    expect((await call(update, "PUT", `/api/v1/jobs/${ids.job}`, { key, params: { jobId: ids.job }, body: { ...body, description: "updated" } })).status).toBe(200);
    const listed = await call(list, "GET", "/api/v1/jobs", { key });
    expect((listed.json as Any).jobs).toHaveLength(1);
    expect((listed.json as Any).jobs[0]).toMatchObject({ nextRunAt: expect.any(String), lastRun: null });
  });

  it("runs: 202 without wait, 200 with the final execution; then the job list's lastRun, the run, its logs (JSON and text) and events", async () => {
    const { POST: run } = await routes.run();
    const started = await call(run, "POST", `/api/v1/jobs/${ids.job}/run`, { key, params: { jobId: ids.job } });
    expect(started.status).toBe(202);
    expect(started.headers.get("location")).toBe(`/api/v1/executions/${(started.json as Any).executionId}`);
    expect((await waitForRun((started.json as Any).executionId)).status).toBe("Success");

    const ended = await call(run, "POST", `/api/v1/jobs/${ids.job}/run?wait=true&timeout=60`, { key, params: { jobId: ids.job } });
    expect(ended.status).toBe(200);
    const execution = (ended.json as Any).execution;
    expect(execution).toMatchObject({ status: "Success", final: true, triggeredBy: { id: admin.id } });
    expect(execution.metadata.databases[0].destinations[0]).toMatchObject({ status: "ok" });
    ids.backupRun = execution.id;
    ids.backup = (await db.backup.findFirstOrThrow({ where: { executionId: ids.backupRun } })).id;

    const { GET: list } = await routes.jobs();
    expect(((await call(list, "GET", "/api/v1/jobs", { key })).json as Any).jobs[0].lastRun).toMatchObject({ id: ids.backupRun, status: "Success" });

    const { GET: get } = await routes.execution();
    expect(((await call(get, "GET", `/api/v1/executions/${ids.backupRun}`, { key, params: { executionId: ids.backupRun } })).json as Any).execution.id).toBe(ids.backupRun);
    expect((await call(get, "GET", "/api/v1/executions/nope", { key, params: { executionId: "nope" } })).status).toBe(404);

    const { GET: logs } = await routes.logs();
    const lines = await call(logs, "GET", `/api/v1/executions/${ids.backupRun}/logs?limit=2`, { key, params: { executionId: ids.backupRun } });
    expect((lines.json as Any).logs).toHaveLength(2);
    expect((lines.json as Any).truncated).toBe(true);
    const forward = await call(logs, "GET", `/api/v1/executions/${ids.backupRun}/logs?after=0&limit=5000`, { key, params: { executionId: ids.backupRun } });
    expect((forward.json as Any).hasMore).toBe(false);
    const text = await call(logs, "GET", `/api/v1/executions/${ids.backupRun}/logs?format=text`, { key, params: { executionId: ids.backupRun } });
    expect(text.bytes.toString("utf8").split("\n").length).toBeGreaterThan(2);
    expect((await call(logs, "GET", `/api/v1/executions/${ids.backupRun}/logs?limit=0`, { key, params: { executionId: ids.backupRun } })).status).toBe(400);

    const { GET: events } = await routes.events();
    const sse = await call(events, "GET", `/api/v1/executions/${ids.backupRun}/events`, { key, params: { executionId: ids.backupRun } });
    expect(sse.bytes.toString("utf8")).toContain("event: status");
  }, 120_000);

  it("backups: list, verify, lock and unlock, download", async () => {
    const { GET: list } = await routes.backups();
    const { POST: verify } = await routes.verify();
    const { PUT: lock, DELETE: unlock } = await routes.lock();
    const { GET: download } = await routes.download();
    const p = { backupId: ids.backup };
    const verified = await call(verify, "POST", `/api/v1/backups/${ids.backup}/verify`, { key, params: p });
    expect(verified.json).toMatchObject({ status: "ok", mode: "plain", note: null });
    expect((await call(lock, "PUT", `/api/v1/backups/${ids.backup}/lock`, { key, params: p })).json).toEqual({ id: ids.backup, locked: true });
    const page = await call(list, "GET", "/api/v1/backups?sort=size&pageSize=10", { key });
    const row = (page.json as Any).rows.find((r: { id: string }) => r.id === ids.backup);
    expect(row).toMatchObject({ locked: true, verification: { state: "ok" }, encryption: { profileId: ids.profile }, job: { id: ids.job } });
    expect((await call(unlock, "DELETE", `/api/v1/backups/${ids.backup}/lock`, { key, params: p })).json).toEqual({ id: ids.backup, locked: false });
    expect((await call(lock, "PUT", "/api/v1/backups/nope/lock", { key, params: { backupId: "nope" } })).status).toBe(404);
    const raw = await call(download, "GET", `/api/v1/backups/${ids.backup}/download`, { key, params: p });
    expect(raw.bytes.subarray(0, 21).toString("latin1")).toBe("age-encryption.org/v1");
  }, 60_000);

  it("drills: 202 to start, the history with counts and checks; 412 when drills are off", async () => {
    const { POST: start, GET: history } = await routes.drill();
    const started = await call(start, "POST", `/api/v1/jobs/${ids.job}/drill`, { key, params: { jobId: ids.job } });
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ queued: true });
    ids.drillRun = (started.json as Any).executionId;
    expect((await waitForRun(ids.drillRun, 120_000)).status).toBe("Success");
    const h = await call(history, "GET", `/api/v1/jobs/${ids.job}/drill`, { key, params: { jobId: ids.job } });
    expect((h.json as Any).history).toHaveLength(1);
    expect((h.json as Any).history[0]).toMatchObject({ status: "passed", checksPassed: 1, rows: 3 });
    expect((h.json as Any).history[0].tables.length).toBeGreaterThan(0);
    expect((h.json as Any).objectives).toMatchObject({ jobId: ids.job, rto: { lastDrillStatus: "passed" } });

    const other = await makeJob({ sourceId: ids.source, destinationIds: [ids.destination], databases: { mode: "all" }, compression: "none" });
    expect((await call(start, "POST", `/api/v1/jobs/${other.id}/drill`, { key, params: { jobId: other.id } })).status).toBe(412);
    const { DELETE: remove } = await routes.job();
    expect((await call(remove, "DELETE", `/api/v1/jobs/${other.id}`, { key, params: { jobId: other.id } })).json).toEqual({ backupsKept: 0 });
    // A job that is gone has no drill history to list.
    expect((await call(history, "GET", `/api/v1/jobs/${other.id}/drill`, { key, params: { jobId: other.id } })).status).toBe(404);
  }, 180_000);

  it("restores: preflight, 202 to start, the Restore run with its outcome; the restore cancel route refuses a backup run (404)", async () => {
    const { POST: preflight } = await routes.preflight();
    const { POST: restore } = await routes.restore();
    const target = { targetSourceId: ids.scratch, database: "restored_copy" };
    const pre = await call(preflight, "POST", "/api/v1/restores/preflight", { key, body: { backupId: ids.backup, ...target } });
    expect(pre.json).toMatchObject({ ok: true });
    expect((await call(preflight, "POST", "/api/v1/restores/preflight", { key, body: { backupId: "nope", ...target } })).status).toBe(404);
    const started = await call(restore, "POST", `/api/v1/backups/${ids.backup}/restore`, { key, params: { backupId: ids.backup }, body: target });
    expect(started.status).toBe(202);
    ids.restoreRun = (started.json as Any).executionId;
    expect((await waitForRun(ids.restoreRun, 120_000)).status).toBe("Success");
    const { GET: get } = await routes.execution();
    const e = await call(get, "GET", `/api/v1/executions/${ids.restoreRun}`, { key, params: { executionId: ids.restoreRun } });
    expect((e.json as Any).execution.metadata.restore).toMatchObject({ backupId: ids.backup, database: "restored_copy", verified: { sha256: expect.any(String) } });

    const { POST: cancelRestore } = await routes.restoreCancel();
    expect((await call(cancelRestore, "POST", `/api/v1/restores/${ids.backupRun}/cancel`, { key, params: { executionId: ids.backupRun } })).status).toBe(404);
    expect((await call(cancelRestore, "POST", `/api/v1/restores/${ids.restoreRun}/cancel`, { key, params: { executionId: ids.restoreRun } })).json).toEqual({ executionId: ids.restoreRun, status: "Success" });
  }, 180_000);

  it("executions: the history lists the Backup, Drill and Restore runs (restore rows with their target); keyset pages", async () => {
    const { GET: list } = await routes.executions();
    const all = await call(list, "GET", "/api/v1/executions?limit=200", { key });
    const rows = (all.json as Any).executions as { id: string; type: string; restore?: unknown }[];
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(["Backup", "Drill", "Restore"]));
    expect(rows.find((r) => r.id === ids.restoreRun)?.restore).toMatchObject({ database: "restored_copy" });
    const first = await call(list, "GET", "/api/v1/executions?limit=1", { key });
    const older = (first.json as Any).page.older as string;
    expect(older).toBeTruthy();
    expect(((await call(list, "GET", `/api/v1/executions?limit=1&before=${older}`, { key })).json as Any).page.newer).toBeTruthy();
    expect((await call(list, "GET", "/api/v1/executions?status=Nope", { key })).status).toBe(400);
  });

  it("cancel: a running backup (a PostgreSQL that never answers) is cancelled; a finished one answers its status", async () => {
    const silent = await silentServer();
    try {
      const port = silent.port;
      const source = await makeSource("postgres", { ...pgConfig(), host: "127.0.0.1", port });
      const job = await makeJob({ sourceId: source.id, destinationIds: [ids.destination], databases: { mode: "pick", names: ["app"] }, compression: "none" });
      const { POST: run } = await routes.run();
      const { POST: cancel } = await routes.cancel();
      const started = await call(run, "POST", `/api/v1/jobs/${job.id}/run`, { key, params: { jobId: job.id } });
      const executionId = (started.json as Any).executionId as string;
      expect((await call(run, "POST", `/api/v1/jobs/${job.id}/run`, { key, params: { jobId: job.id } })).status).toBe(409);
      const cancelled = await call(cancel, "POST", `/api/v1/executions/${executionId}/cancel`, { key, params: { executionId } });
      expect(cancelled.json).toEqual({ executionId, status: "Cancelled" });
      expect((await call(cancel, "POST", `/api/v1/executions/${ids.backupRun}/cancel`, { key, params: { executionId: ids.backupRun } })).json).toEqual({ executionId: ids.backupRun, status: "Success" });
      const { GET: get } = await routes.execution();
      expect(((await call(get, "GET", `/api/v1/executions/${executionId}`, { key, params: { executionId } })).json as Any).execution).toMatchObject({ status: "Cancelled", final: true });
    } finally {
      silent.close();
    }
  }, 60_000);

  it("sources, destinations and their tests; users (list, create, 409); health; refusals (401, 403)", async () => {
    const { GET: sources } = await routes.sources();
    const { GET: destinations } = await routes.destinations();
    const { POST: testSource } = await routes.sourceTest();
    const { POST: testDestination } = await routes.destinationTest();
    const tested = await call(testSource, "POST", `/api/v1/sources/${ids.source}/test`, { key, params: { sourceId: ids.source } });
    expect(tested.json).toMatchObject({ status: "ONLINE", result: { ok: true } });
    expect((await call(testDestination, "POST", `/api/v1/destinations/${ids.destination}/test`, { key, params: { destinationId: ids.destination } })).json).toMatchObject({ result: { ok: true } });
    const s = await call(sources, "GET", "/api/v1/sources", { key });
    expect((s.json as Any).sources.find((x: { id: string }) => x.id === ids.source)).toMatchObject({ usedBy: ["Typed responses"], metadata: { serverVersion: expect.any(String) } });
    expect(((await call(destinations, "GET", "/api/v1/destinations", { key })).json as Any).destinations.length).toBeGreaterThan(0);

    const { GET: users, POST: createUser } = await routes.users();
    expect(((await call(users, "GET", "/api/v1/users", { key })).json as Any).users.length).toBeGreaterThan(0);
    const group = await db.group.findUniqueOrThrow({ where: { name: "Viewer" } });
    const newUser = { name: "New Viewer", email: `viewer-${unique()}@example.test`, password: "correct horse battery staple", groupId: group.id };
    expect((await call(createUser, "POST", "/api/v1/users", { key, body: newUser })).status).toBe(201);
    expect((await call(createUser, "POST", "/api/v1/users", { key, body: newUser })).status).toBe(409);
    expect((await call(createUser, "POST", "/api/v1/users", { key, body: { ...newUser, email: "not an email" } })).status).toBe(400);

    const { GET: health } = await routes.health();
    expect((await call(health, "GET", "/api/v1/health")).json).toMatchObject({ status: "ok" });

    const { GET: listJobs } = await routes.jobs();
    expect((await call(listJobs, "GET", "/api/v1/jobs")).status).toBe(401);
    expect((await call(users, "GET", "/api/v1/users", { key: readerKey })).status).toBe(403);
  }, 60_000);

  it("config export (JSON and age) and a dry-run import of it; the recovery kit; the profile picture (session only)", async () => {
    const { POST: exportConfig } = await routes.exportConfig();
    const { POST: importConfig } = await routes.importConfig();
    const plain = await call(exportConfig, "POST", "/api/v1/config/export", { key, body: {} });
    expect(plain.json).toMatchObject({ format: "bunker-config", includesSecrets: false });
    const sealed = await call(exportConfig, "POST", "/api/v1/config/export", { key, body: { passphrase: "a long enough passphrase" } });
    expect(sealed.headers.get("content-type")).toBe("application/octet-stream");
    const dry = await call(importConfig, "POST", "/api/v1/config/import", { key, body: { file: plain.bytes.toString("base64") } });
    expect(dry.json).toMatchObject({ dryRun: true, counts: { conflict: expect.any(Number) } });

    const { GET: kit } = await routes.recoveryKit();
    const tar = await call(kit, "GET", `/api/v1/vault/${ids.profile}/recovery-kit`, { key, params: { profileId: ids.profile } });
    expect(tar.bytes.length).toBeGreaterThan(512);
    expect((await call(kit, "GET", "/api/v1/vault/nope/recovery-kit", { key, params: { profileId: "nope" } })).status).toBe(404);

    const { PUT: setImage, DELETE: removeImage } = await routes.profileImage();
    const session = await signIn(admin.email, admin.password);
    const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: "#3366ff" } }).png().toBuffer();
    expect((await call(setImage, "PUT", "/api/v1/profile/image", { headers: session, raw: new Uint8Array(png) })).status).toBe(200);
    expect((await call(setImage, "PUT", "/api/v1/profile/image", { headers: session, raw: new Uint8Array([1, 2, 3]) })).status).toBe(400);
    expect((await call(setImage, "PUT", "/api/v1/profile/image", { key, raw: new Uint8Array(png) })).status).toBe(403);
    expect((await call(removeImage, "DELETE", "/api/v1/profile/image", { headers: session })).json).toEqual({ removed: true });
  }, 60_000);

  it("covered every read route the document types, the main mutations and the error statuses", () => {
    const expected = [
      "jobs.list 200 application/json",
      "jobs.get 200 application/json",
      "jobs.create 201 application/json",
      "jobs.update 200 application/json",
      "jobs.delete 200 application/json",
      "jobs.run 200 application/json",
      "jobs.run 202 application/json",
      "jobs.drill 202 application/json",
      "jobs.drills 200 application/json",
      "executions.list 200 application/json",
      "executions.get 200 application/json",
      "executions.logs 200 application/json",
      "executions.logs 200 text/plain",
      "executions.events 200 text/event-stream",
      "executions.cancel 200 application/json",
      "restores.cancel 200 application/json",
      "restores.preflight 200 application/json",
      "backups.restore 202 application/json",
      "backups.list 200 application/json",
      "backups.verify 200 application/json",
      "backups.lock 200 application/json",
      "backups.unlock 200 application/json",
      "backups.download 200 application/octet-stream",
      "sources.list 200 application/json",
      "sources.test 200 application/json",
      "destinations.list 200 application/json",
      "destinations.test 200 application/json",
      "users.list 200 application/json",
      "users.create 201 application/json",
      "health.get 200 application/json",
      "config.export 200 application/json",
      "config.export 200 application/octet-stream",
      "config.import 200 application/json",
      "vault.recovery-kit 200 application/x-tar",
      "profile.image-set 200 application/json",
      "profile.image-remove 200 application/json",
    ];
    expect([...checked].filter((c) => / 2\d\d /.test(c)).sort()).toEqual(expected.sort());
    const errors = [...checked].filter((c) => / [45]\d\d /.test(c)).map((c) => c.split(" ")[1]);
    expect(new Set(errors)).toEqual(new Set(["400", "401", "403", "404", "409", "412"]));
  });

  it("the check is not vacuous: one undocumented field, at the top or deep inside, fails it", async () => {
    const { GET: list } = await routes.jobs();
    const { GET: get } = await routes.execution();
    const jobs = structuredClone((await call(list, "GET", "/api/v1/jobs", { key })).json) as Any;
    const execution = structuredClone((await call(get, "GET", `/api/v1/executions/${ids.restoreRun}`, { key, params: { executionId: ids.restoreRun } })).json) as Any;
    const jobsSchema = list.spec.responses![200]!.schema!;
    const executionSchema = get.spec.responses![200]!.schema!;
    conform(jobsSchema, jobs, "control");
    conform(executionSchema, execution, "control");
    const variants: [z.ZodType, (b: Any) => void][] = [
      [jobsSchema, (b) => (b.total = 1)],
      [jobsSchema, (b) => (b.jobs[0].source.config = { password: "x" })],
      [jobsSchema, (b) => (b.jobs[0].drill.drift.extra = 1)], // a reused request schema (non-strict in zod): caught by the round trip
      [jobsSchema, (b) => (b.jobs[0].retention.extra = 1)],
      [jobsSchema, (b) => (b.jobs[0].lastRun.metadata = "{}")],
      [jobsSchema, (b) => delete b.jobs[0].slug],
      [jobsSchema, (b) => (b.jobs[0].createdAt = "yesterday")],
      [executionSchema, (b) => (b.execution.metadata.restore.identity = "AGE-SECRET-KEY-1")],
      [executionSchema, (b) => (b.execution.metadata.databases = [{ name: "x", status: "ok", bytesRead: 1, bytesStored: 1, error: null, destinations: [], extra: true }])],
      [ZProblem, () => undefined],
    ];
    for (const [i, [schema, mutate]] of variants.entries()) {
      const body = structuredClone(schema === ZProblem ? { type: "about:blank", title: "NOT_FOUND", status: 404, detail: "x", code: "NOT_FOUND", stack: "…" } : schema === jobsSchema ? jobs : execution);
      mutate(body);
      expect(() => conform(schema, body, `variant ${i}`), `variant ${i} passed`).toThrow();
    }
  });
});
