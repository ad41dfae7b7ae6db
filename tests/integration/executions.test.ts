import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as listRoute } from "@/app/api/v1/executions/route";
import { GET as getRoute } from "@/app/api/v1/executions/[executionId]/route";
import { GET as logsRoute } from "@/app/api/v1/executions/[executionId]/logs/route";
import { GET as eventsRoute } from "@/app/api/v1/executions/[executionId]/events/route";
import { POST as cancelRoute } from "@/app/api/v1/executions/[executionId]/cancel/route";
import { db } from "@/server/db";
import { publishRunEvent } from "@/server/runs/progress-bus";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { ZListExecutionsQuery, type TListExecutionsInput } from "@/server/services/executions/executions.schema";
import { getExecution } from "@/server/services/executions/get-execution";
import { listExecutions } from "@/server/services/executions/list-executions";
import { createGroup } from "@/server/services/groups/create-group";
import { createUser } from "@/server/services/users/create-user";
import { resetDb } from "./helpers/db";
import { makeUser, PASSWORD, signIn } from "./helpers/users";

// The engine implements cancelRun; here the route is checked against the contract only.
const cancelRun = vi.hoisted(() => vi.fn(async (_opts: { executionId: string; actor: unknown }) => ({ status: "Cancelled" })));
vi.mock("@/server/services/runs/cancel-run", () => ({ cancelRun }));

const BASE = "http://localhost:3999/api/v1/executions";
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const get = (url: string, headers: Headers, init?: RequestInit) => new Request(url, { ...init, headers });

const list = (q: TListExecutionsInput) => listExecutions(ZListExecutionsQuery.parse(q));

/** The bus's listeners for one run: 0 means every SSE connection let go. */
const busListeners = (executionId: string): number =>
  (globalThis as unknown as { bunkerRunBus?: { listenerCount(e: string): number } }).bunkerRunBus?.listenerCount(executionId) ?? 0;

type Frame = { event?: string; data?: string; id?: string; retry?: string; comment?: string };

const parseFrames = (text: string): Frame[] =>
  text
    .split("\n\n")
    .filter((b) => b.trim())
    .map((block) => {
      const f: Frame = {};
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) f.comment = line.slice(1).trim();
        else {
          const i = line.indexOf(":");
          const k = line.slice(0, i) as keyof Frame;
          f[k] = line.slice(i + 1).replace(/^ /, "");
        }
      }
      return f;
    });

/** Reads the stream to its end (or fails after `ms`), returning the raw text. */
const readStream = async (res: Response, ms = 5000): Promise<string> => {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + ms;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`stream did not end; got so far:\n${text}`);
    const r = await Promise.race([
      reader.read(),
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`stream did not end; got so far:\n${text}`)), left)),
    ]);
    if (r.done) return text;
    text += decoder.decode(r.value, { stream: true });
  }
};

/** Reads until `n` data frames have arrived (the stream stays open). */
const readFrames = async (reader: ReadableStreamDefaultReader<Uint8Array>, n: number): Promise<Frame[]> => {
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const frames = parseFrames(text).filter((f) => f.event);
    if (frames.length >= n && text.endsWith("\n\n")) return frames;
    const r = await reader.read();
    if (r.done) return frames;
    text += decoder.decode(r.value, { stream: true });
  }
};

let sourceId = "";
let jobA = "";
let jobB = "";

beforeAll(async () => {
  const src = await db.adapterConfig.create({ data: { name: `exec-test-src-${Date.now()}`, kind: "source", adapterId: "sqlite", config: "{}" } });
  sourceId = src.id;
  jobA = (await db.job.create({ data: { name: `Orders ${Date.now()}`, slug: `orders-${Date.now()}`, sourceId } })).id;
  jobB = (await db.job.create({ data: { name: `Billing ${Date.now()}`, slug: `billing-${Date.now()}`, sourceId } })).id;
});

afterAll(async () => {
  await db.execution.deleteMany();
  await db.job.deleteMany({ where: { id: { in: [jobA, jobB] } } });
  await db.adapterConfig.deleteMany({ where: { id: sourceId } });
});

beforeEach(async () => {
  await db.execution.deleteMany();
  await resetDb();
  cancelRun.mockClear();
});

const STATUSES = ["Success", "Failed", "Partial", "Cancelled", "Success", "Success"] as const;
const TYPES = ["Backup", "Backup", "Restore", "Verify"] as const;
const TRIGGERS = ["schedule", "manual", "api"] as const;
const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

/** `n` runs, 90 s apart in threes; two of every three share a createdAt (ties are broken by id). */
const seedRuns = async (n = 300) => {
  const rows = Array.from({ length: n }, (_, i) => {
    const createdAt = new Date(T0 + Math.floor(i / 3) * 90_000 + (i % 3 === 2 ? 0 : (i % 3) * 1000));
    return {
      id: `run${String(i).padStart(4, "0")}x${(i * 7919) % 1000}`,
      jobId: i % 5 === 0 ? null : i % 2 ? jobA : jobB,
      type: TYPES[i % TYPES.length]!,
      status: STATUSES[i % STATUSES.length]!,
      trigger: TRIGGERS[i % TRIGGERS.length]!,
      queuedAt: createdAt,
      createdAt,
      startedAt: createdAt,
      endedAt: new Date(createdAt.getTime() + 5000 + i),
      bytesRead: BigInt(1000 * i),
      bytesStored: BigInt(250 * i),
      error: i % STATUSES.length === 1 ? `dump failed for run ${i}\nstack line` : null,
    };
  });
  await db.execution.createMany({ data: rows });
  // Expected order: newest first, ties by id descending
  return rows
    .map((r) => ({ id: r.id, createdAt: r.createdAt.getTime(), row: r }))
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
};

/** Follows "Older" from the newest page to the oldest; returns each page's ids and the oldest page. */
const walkOlder = async (q: TListExecutionsInput) => {
  const pages: string[][] = [];
  let page = await list(q);
  expect(page.newer).toBeNull();
  for (let guard = 0; guard < 1000; guard++) {
    pages.push(page.rows.map((r) => r.id));
    if (!page.older) return Object.assign(pages, { last: page });
    page = await list({ ...q, before: page.older });
    expect(page.newer).not.toBeNull();
  }
  throw new Error("runaway pagination");
};

describe("listExecutions (keyset)", () => {
  it("walks every page older, then back newer, without duplicates or gaps", async () => {
    const expected = (await seedRuns()).map((r) => r.id);
    const pages = await walkOlder({ limit: 25 });
    expect(pages).toHaveLength(12);
    const ids = pages.flat();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected);

    // Back up from the oldest page with the "Newer" cursors: the same pages, in reverse
    let page = pages.last;
    const back: string[][] = [page.rows.map((r) => r.id)];
    while (page.newer) {
      page = await list({ limit: 25, after: page.newer });
      back.push(page.rows.map((r) => r.id));
    }
    expect(back.reverse()).toEqual([...pages]);
  });

  it("handles an uneven last page and a page size that does not divide the total", async () => {
    const expected = (await seedRuns(103)).map((r) => r.id);
    const pages = await walkOlder({ limit: 10 });
    expect(pages.map((p) => p.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
    expect(pages.flat()).toEqual(expected);
  });

  it("filters by status, job, type, trigger and date range, and pages through filtered results", async () => {
    const all = await seedRuns();
    const expect_ = (pred: (r: (typeof all)[number]["row"]) => boolean) => all.filter((r) => pred(r.row)).map((r) => r.id);

    expect((await walkOlder({ status: "Failed", limit: 7 })).flat()).toEqual(expect_((r) => r.status === "Failed"));
    expect((await walkOlder({ jobId: jobA, limit: 40 })).flat()).toEqual(expect_((r) => r.jobId === jobA));
    expect((await walkOlder({ type: "Restore", limit: 30 })).flat()).toEqual(expect_((r) => r.type === "Restore"));
    expect((await walkOlder({ trigger: "api", limit: 50 })).flat()).toEqual(expect_((r) => r.trigger === "api"));
    expect((await walkOlder({ jobId: jobB, status: "Success", type: "Backup", limit: 9 })).flat()).toEqual(
      expect_((r) => r.jobId === jobB && r.status === "Success" && r.type === "Backup"),
    );

    // Date range: whole calendar days, "to" inclusive
    await db.execution.updateMany({ where: { id: { in: all.slice(0, 4).map((r) => r.id) } }, data: { createdAt: new Date(Date.UTC(2026, 1, 3, 23, 59)) } });
    await db.execution.updateMany({ where: { id: { in: all.slice(4, 6).map((r) => r.id) } }, data: { createdAt: new Date(Date.UTC(2026, 1, 5, 0, 0)) } });
    const inRange = (await walkOlder({ from: "2026-02-02", to: "2026-02-03", limit: 3 })).flat();
    expect(inRange.sort()).toEqual(all.slice(0, 4).map((r) => r.id).sort());
    expect((await list({ from: "2026-02-04" })).rows.map((r) => r.id).sort()).toEqual(all.slice(4, 6).map((r) => r.id).sort());

    expect((await list({ status: "Skipped" })).rows).toEqual([]);
  });

  it("returns only the table's columns, with job names, numbers for bytes and an error excerpt", async () => {
    await seedRuns(6);
    const { rows } = await list({});
    const failed = rows.find((r) => r.status === "Failed")!;
    expect(failed.errorExcerpt).toBe("dump failed for run 1");
    expect(typeof failed.bytesStored).toBe("number");
    expect(failed.durationMs).toBe(5001);
    expect(failed.job).toMatchObject({ id: jobA, name: expect.stringMatching(/^Orders/) });
    expect(Object.keys(failed)).not.toContain("metadata");
    expect(rows.find((r) => r.id.startsWith("run0000"))!.job).toBeNull();
  });

  it("rejects malformed cursors and mixed directions", () => {
    expect(ZListExecutionsQuery.safeParse({ before: "nope" }).success).toBe(false);
    expect(ZListExecutionsQuery.safeParse({ before: "1.a", after: "2.b" }).success).toBe(false);
    expect(ZListExecutionsQuery.safeParse({ status: "", jobId: "", before: "" }).success).toBe(true);
  });
});

describe("executions API", () => {
  it("lists with filters and cursors for a Viewer, and 400s a bad status", async () => {
    await seedRuns(40);
    const headers = await signIn((await makeUser("Viewer")).email);
    const res = await listRoute(get(`${BASE}?status=Success&limit=5`, headers), ctx());
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.executions).toHaveLength(5);
    expect(body.executions.every((e: { status: string }) => e.status === "Success")).toBe(true);
    expect(body.page.newer).toBeNull();
    const next = await (await listRoute(get(`${BASE}?status=Success&limit=5&before=${body.page.older}`, headers), ctx())).json();
    expect(next.executions[0].id).not.toBe(body.executions[0].id);
    expect(next.page.newer).toBe(`${new Date(next.executions[0].createdAt).getTime()}.${next.executions[0].id}`);

    const bad = await listRoute(get(`${BASE}?status=Exploded`, headers), ctx());
    expect(bad.status).toBe(400);
  });

  it("returns one run with parsed metadata (malformed parts ignored), and 404s an unknown id", async () => {
    const metadata = {
      databases: [
        {
          name: "orders",
          status: "ok",
          bytesRead: 5000,
          bytesStored: "1200",
          destinations: [
            { id: "d1", name: "S3", status: "ok", key: "bunker/orders/2026.dump.zst" },
            { id: "d2", name: "NAS", status: "failed", error: "connection reset" },
            "junk",
          ],
        },
        { name: "billing", status: "failed", error: "permission denied", destinations: "not-an-array" },
        42,
      ],
    };
    const run = await db.execution.create({
      data: {
        jobId: jobA,
        type: "Backup",
        status: "Partial",
        trigger: "manual",
        startedAt: new Date(T0),
        endedAt: new Date(T0 + 65_000),
        queuedAt: new Date(T0 - 2000),
        bytesRead: 5000n,
        bytesStored: 1200n,
        metadata: JSON.stringify(metadata),
        warning: "1 of 2 databases failed",
      },
    });
    const headers = await signIn((await makeUser("Viewer")).email);
    const res = await getRoute(get(`${BASE}/${run.id}`, headers), ctx({ executionId: run.id }));
    expect(res.status).toBe(200);
    const { execution } = await res.json();
    expect(execution).toMatchObject({
      id: run.id,
      status: "Partial",
      final: true,
      job: { id: jobA },
      bytesRead: 5000,
      bytesStored: 1200,
      ratio: 0.24,
      durationMs: 65_000,
      waitMs: 2000,
      warning: "1 of 2 databases failed",
    });
    expect(execution.metadata.databases).toEqual([
      {
        name: "orders",
        status: "ok",
        bytesRead: 5000,
        bytesStored: 1200,
        error: null,
        destinations: [
          { id: "d1", name: "S3", status: "ok", key: "bunker/orders/2026.dump.zst", error: null },
          { id: "d2", name: "NAS", status: "failed", key: null, error: "connection reset" },
        ],
      },
      { name: "billing", status: "failed", bytesRead: 0, bytesStored: 0, error: "permission denied", destinations: [] },
    ]);

    await db.execution.update({ where: { id: run.id }, data: { metadata: "{not json" } });
    expect((await getExecution(run.id))!.metadata).toEqual({ databases: [] });

    const missing = await getRoute(get(`${BASE}/nope`, headers), ctx({ executionId: "nope" }));
    expect(missing.status).toBe(404);
  });

  it("pages log lines forward, returns the tail by default, and serves plain text", async () => {
    const run = await db.execution.create({ data: { type: "Backup", status: "Success", trigger: "manual" } });
    await db.executionLog.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({ executionId: run.id, level: i === 29 ? "error" : "info", message: `line ${i}` })),
    });
    const headers = await signIn((await makeUser("Viewer")).email);
    const url = (qs: string) => get(`${BASE}/${run.id}/logs?${qs}`, headers);
    const c = ctx({ executionId: run.id });

    const first = await (await logsRoute(url("after=0&limit=10"), c)).json();
    expect(first.logs.map((l: { message: string }) => l.message)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i}`));
    expect(first.hasMore).toBe(true);
    const second = await (await logsRoute(url(`after=${first.logs[9].id}&limit=100`), c)).json();
    expect(second.logs).toHaveLength(20);
    expect(second.hasMore).toBe(false);

    const tail = await (await logsRoute(url("limit=5"), c)).json();
    expect(tail.logs.map((l: { message: string }) => l.message)).toEqual(["line 25", "line 26", "line 27", "line 28", "line 29"]);
    expect(tail.truncated).toBe(true);

    const text = await logsRoute(url("after=0&format=text"), c);
    expect(text.headers.get("content-type")).toMatch(/^text\/plain/);
    const lines = (await text.text()).trim().split("\n");
    expect(lines).toHaveLength(30);
    expect(lines[29]).toMatch(/ ERROR line 29$/);

    expect((await logsRoute(get(`${BASE}/nope/logs`, headers), ctx({ executionId: "nope" }))).status).toBe(404);
  });
});

describe("run events (SSE)", () => {
  it("sends the log and the final status of a finished run, then ends", async () => {
    const run = await db.execution.create({ data: { type: "Backup", status: "Failed", trigger: "schedule", error: "disk full" } });
    await db.executionLog.createMany({
      data: [
        { executionId: run.id, level: "info", message: "dumping orders" },
        { executionId: run.id, level: "error", message: "disk full" },
      ],
    });
    const headers = await signIn((await makeUser("Viewer")).email);
    const res = await eventsRoute(get(`${BASE}/${run.id}/events`, headers), ctx({ executionId: run.id }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");

    const frames = parseFrames(await readStream(res)).filter((f) => f.event);
    expect(frames.map((f) => f.event)).toEqual(["log", "log", "status"]);
    expect(JSON.parse(frames[0]!.data!)).toMatchObject({ type: "log", message: "dumping orders", level: "info" });
    expect(frames[1]!.id).toBe(String(JSON.parse(frames[1]!.data!).id));
    expect(JSON.parse(frames[2]!.data!)).toEqual({ type: "status", status: "Failed", error: "disk full", warning: null });
    expect(busListeners(run.id)).toBe(0);

    // ?after= skips what the page already has; so does Last-Event-ID from a reconnecting browser
    const firstId = JSON.parse(frames[0]!.data!).id as number;
    const again = parseFrames(await readStream(await eventsRoute(get(`${BASE}/${run.id}/events?after=${firstId}`, headers), ctx({ executionId: run.id }))));
    expect(again.filter((f) => f.event).map((f) => f.event)).toEqual(["log", "status"]);
    const h2 = new Headers(headers);
    h2.set("last-event-id", String(firstId + 1));
    const resumed = parseFrames(await readStream(await eventsRoute(get(`${BASE}/${run.id}/events`, h2), ctx({ executionId: run.id }))));
    expect(resumed.filter((f) => f.event).map((f) => f.event)).toEqual(["status"]);
  });

  it("caps the backlog at the last 500 lines", async () => {
    const run = await db.execution.create({ data: { type: "Backup", status: "Success", trigger: "manual" } });
    await db.executionLog.createMany({ data: Array.from({ length: 620 }, (_, i) => ({ executionId: run.id, message: `l${i}` })) });
    const headers = await signIn((await makeUser("Viewer")).email);
    const frames = parseFrames(await readStream(await eventsRoute(get(`${BASE}/${run.id}/events`, headers), ctx({ executionId: run.id }))));
    const logs = frames.filter((f) => f.event === "log").map((f) => JSON.parse(f.data!).message);
    expect(logs).toHaveLength(500);
    expect(logs[0]).toBe("l120");
    expect(logs[499]).toBe("l619");
  });

  it("forwards live progress, log and status events of a running run in order, then closes", async () => {
    const run = await db.execution.create({ data: { type: "Backup", status: "Running", trigger: "manual", startedAt: new Date() } });
    const old = await db.executionLog.create({ data: { executionId: run.id, message: "started" } });
    const headers = await signIn((await makeUser("Viewer")).email);
    const res = await eventsRoute(get(`${BASE}/${run.id}/events`, headers), ctx({ executionId: run.id }));
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const initial = await readFrames(reader, 2);
    expect(initial.map((f) => f.event)).toEqual(["log", "status"]);
    expect(JSON.parse(initial[1]!.data!)).toMatchObject({ status: "Running" });
    expect(busListeners(run.id)).toBe(1);

    const line = await db.executionLog.create({ data: { executionId: run.id, level: "warn", message: "slow destination" } });
    publishRunEvent(run.id, { type: "progress", bytesRead: 1024, bytesStored: 300, rate: 512, step: "dumping orders (1/1)" });
    publishRunEvent(run.id, { type: "log", id: old.id, at: old.at.toISOString(), level: "info", message: "started" }); // already sent: skipped
    publishRunEvent(run.id, { type: "log", id: line.id, at: line.at.toISOString(), level: "warn", message: "slow destination" });
    publishRunEvent("some-other-run", { type: "status", status: "Failed" });
    publishRunEvent(run.id, { type: "status", status: "Success", error: null, warning: null });
    publishRunEvent(run.id, { type: "log", id: line.id + 1, at: new Date().toISOString(), level: "info", message: "after the end" });

    let rest = "";
    const decoder = new TextDecoder();
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      rest += decoder.decode(r.value, { stream: true });
    }
    const live = parseFrames(rest).filter((f) => f.event);
    expect(live.map((f) => f.event)).toEqual(["progress", "log", "status"]);
    expect(JSON.parse(live[0]!.data!)).toEqual({ type: "progress", bytesRead: 1024, bytesStored: 300, rate: 512, step: "dumping orders (1/1)" });
    expect(live[1]!.id).toBe(String(line.id));
    expect(JSON.parse(live[1]!.data!)).toMatchObject({ message: "slow destination", level: "warn" });
    expect(JSON.parse(live[2]!.data!)).toMatchObject({ status: "Success" });
    expect(busListeners(run.id)).toBe(0);
  });

  it("pings every interval and lets go of the bus when the client disconnects", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const run = await db.execution.create({ data: { type: "Backup", status: "Running", trigger: "manual" } });
      const headers = await signIn((await makeUser("Viewer")).email);
      const abort = new AbortController();
      const res = await eventsRoute(get(`${BASE}/${run.id}/events`, headers, { signal: abort.signal }), ctx({ executionId: run.id }));
      const reader = res.body!.getReader();
      await readFrames(reader, 1);
      expect(busListeners(run.id)).toBe(1);

      vi.advanceTimersByTime(15_000);
      const decoder = new TextDecoder();
      const r = await reader.read();
      expect(decoder.decode(r.value)).toBe(": ping\n\n");

      abort.abort();
      expect(busListeners(run.id)).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
      expect((await reader.read()).done).toBe(true);

      // A reader that cancels (the other way a disconnect shows up) releases too
      const res2 = await eventsRoute(get(`${BASE}/${run.id}/events`, headers), ctx({ executionId: run.id }));
      const reader2 = res2.body!.getReader();
      await readFrames(reader2, 1);
      expect(busListeners(run.id)).toBe(1);
      await reader2.cancel();
      expect(busListeners(run.id)).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("404s an unknown run without leaving a listener behind", async () => {
    const headers = await signIn((await makeUser("Viewer")).email);
    const res = await eventsRoute(get(`${BASE}/ghost/events`, headers), ctx({ executionId: "ghost" }));
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(busListeners("ghost")).toBe(0);
  });
});

describe("access", () => {
  const userWithout = async () => {
    const group = await createGroup({ data: { name: "Blind", description: null, permissions: ["jobs:read"] }, actor: SYSTEM_ACTOR });
    const email = "blind@example.test";
    await createUser({ data: { name: "Blind", email, password: PASSWORD, groupId: group.id }, actor: SYSTEM_ACTOR });
    return signIn(email);
  };

  it("refuses a group without history:read on every read route, including the stream", async () => {
    const run = await db.execution.create({ data: { type: "Backup", status: "Running", trigger: "manual" } });
    const headers = await userWithout();
    const c = ctx({ executionId: run.id });
    for (const res of [
      await listRoute(get(BASE, headers), ctx()),
      await getRoute(get(`${BASE}/${run.id}`, headers), c),
      await logsRoute(get(`${BASE}/${run.id}/logs`, headers), c),
      await eventsRoute(get(`${BASE}/${run.id}/events`, headers), c),
    ]) {
      expect(res.status).toBe(403);
      expect((await res.json()).detail).toMatch(/history:read/);
    }
    expect(busListeners(run.id)).toBe(0);
    expect((await listRoute(get(BASE, new Headers()), ctx())).status).toBe(401);
  });

  it("refuses cancel without jobs:execute, and passes the actor through with it", async () => {
    const run = await db.execution.create({ data: { type: "Backup", status: "Running", trigger: "manual" } });
    const c = ctx({ executionId: run.id });
    const post = (headers: Headers) => new Request(`${BASE}/${run.id}/cancel`, { method: "POST", headers });

    const viewer = await signIn((await makeUser("Viewer")).email);
    const refused = await cancelRoute(post(viewer), c);
    expect(refused.status).toBe(403);
    expect((await refused.json()).detail).toMatch(/jobs:execute/);
    expect(cancelRun).not.toHaveBeenCalled();

    const operator = await makeUser("Operator");
    const ok = await cancelRoute(post(await signIn(operator.email)), c);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ executionId: run.id, status: "Cancelled" });
    expect(cancelRun).toHaveBeenCalledWith({ executionId: run.id, actor: expect.objectContaining({ kind: "user", userId: operator.id }) });
  });
});
