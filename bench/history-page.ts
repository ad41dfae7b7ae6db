/**
 * History page at scale: 100 000 Execution rows in a fresh SQLite file, then listExecutions timed for
 * the first page, a filtered page (status=Failed), a job's page and a deep page (keyset after 50 000
 * rows), 50 times each, with p50/p95 in ms and SQLite's query plan for each shape; then once more for
 * the status filter with a (status, createdAt) index added to the throwaway file, to size that index.
 *
 * Run: DATABASE_URL=file:/tmp/x/bench.db npx tsx bench/history-page.ts [rows] [iterations]
 * The file is deleted and re-created (migrations applied with scripts/prisma-migrate.mjs deploy).
 * Without DATABASE_URL a temp directory is used. Not a test: it prints numbers.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROWS = Number(process.argv[2] ?? 100_000);
const ITERATIONS = Number(process.argv[3] ?? 50);
const JOBS = 20;

if (!process.env.DATABASE_URL) {
  process.env.DATABASE_URL = `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bunker-bench-")), "bench.db")}`;
}
const url = process.env.DATABASE_URL;
if (!url.startsWith("file:")) throw new Error("DATABASE_URL must be a file: URL");
const file = url.slice("file:".length);
fs.mkdirSync(path.dirname(file), { recursive: true });
for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
execFileSync("node", ["scripts/prisma-migrate.mjs", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });

const main = async () => {
// Imported after DATABASE_URL is settled: the client reads it once, through src/server/env.ts.
const { db, applySqlitePragmas } = await import("../src/server/db");
const { listExecutions } = await import("../src/server/services/executions/list-executions");
const { encodeCursor, ZListExecutionsQuery } = await import("../src/server/services/executions/executions.schema");

/** Deterministic pseudo-random numbers, so every run seeds the same data. */
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(weighted: Array<[T, number]>): T => {
  let r = rand();
  for (const [v, w] of weighted) if ((r -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
};

const seedData = async () => {
  await applySqlitePragmas();
  const source = await db.adapterConfig.create({ data: { name: "bench-source", kind: "source", adapterId: "sqlite", config: "{}" } });
  const jobs: string[] = [];
  for (let j = 0; j < JOBS; j++) jobs.push((await db.job.create({ data: { name: `Bench job ${j}`, slug: `bench-job-${j}`, sourceId: source.id } })).id);

  const start = Date.now() - ROWS * 5 * 60_000; // one run every ~5 minutes, ending now
  const t0 = performance.now();
  const BATCH = 5000;
  for (let b = 0; b < ROWS; b += BATCH) {
    const data = Array.from({ length: Math.min(BATCH, ROWS - b) }, (_, k) => {
      const i = b + k;
      const createdAt = new Date(start + i * 5 * 60_000 + Math.floor(rand() * 60_000));
      const status = pick<string>([["Success", 0.85], ["Failed", 0.05], ["Partial", 0.05], ["Cancelled", 0.03], ["Skipped", 0.02]]);
      const startedAt = new Date(createdAt.getTime() + 200);
      return {
        id: `bench${String(i).padStart(7, "0")}${Math.floor(rand() * 1e6).toString(36)}`,
        jobId: rand() < 0.05 ? null : jobs[Math.floor(rand() * JOBS)]!,
        type: pick<string>([["Backup", 0.9], ["Verify", 0.05], ["Drill", 0.03], ["Restore", 0.02]]),
        status,
        trigger: pick<string>([["schedule", 0.9], ["manual", 0.08], ["api", 0.02]]),
        queuedAt: createdAt,
        createdAt,
        startedAt,
        endedAt: new Date(startedAt.getTime() + Math.floor(rand() * 600_000)),
        bytesRead: BigInt(Math.floor(rand() * 5e9)),
        bytesStored: BigInt(Math.floor(rand() * 1e9)),
        error: status === "Failed" ? "pg_dump: error: connection to server failed: FATAL: password authentication failed" : null,
        metadata: JSON.stringify({ databases: [{ name: "app", status: "ok", bytesRead: 1, bytesStored: 1, destinations: [] }] }),
      };
    });
    await db.execution.createMany({ data });
  }
  await db.$executeRawUnsafe("ANALYZE");
  console.log(`seeded ${ROWS.toLocaleString("en")} runs (${JOBS} jobs) in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${file}`);
  return jobs;
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const time = async (label: string, input: Record<string, unknown>) => {
  const q = ZListExecutionsQuery.parse(input);
  for (let i = 0; i < 5; i++) await listExecutions(q); // warm-up
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const t = performance.now();
    const page = await listExecutions(q);
    ms.push(performance.now() - t);
    rows = page.rows.length;
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(38)} p50 ${percentile(ms, 50).toFixed(2).padStart(7)} ms   p95 ${percentile(ms, 95).toFixed(2).padStart(7)} ms   (${rows} rows)`);
};

/** SQLite's plan for the SQL listExecutions sends (same shape as Prisma's query). */
const plan = async (label: string, where: string, args: unknown[]) => {
  const sql = `SELECT id FROM "Execution" WHERE ${where} ORDER BY "createdAt" DESC, "id" DESC LIMIT 51`;
  const rows = await db.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`, ...args);
  console.log(`  ${label.padEnd(36)} ${rows.map((r) => r.detail).join(" · ")}`);
};

const jobs = await seedData();
const deep = await db.execution.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: 49_999, take: 1, select: { id: true, createdAt: true } });
const deepCursor = encodeCursor(deep[0]!);
const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");

console.log(`\nlistExecutions, page size 50, ${ITERATIONS} iterations each (node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"})`);
await time("first page", {});
await time("status=Failed, first page", { status: "Failed" });
await time("job, first page", { jobId: jobs[3] });
await time("type=Restore, first page", { type: "Restore" });
await time("deep page (before row 50 000)", { before: deepCursor });
await time("deep page, status=Failed", { before: deepCursor, status: "Failed" });
await time("deep page, newer (after row 50 000)", { after: deepCursor });

console.log("\nquery plans:");
await plan("first page", "1=1", []);
await plan("status=Failed", `"status" = ?`, ["Failed"]);
await plan("job", `"jobId" = ?`, [jobs[3]]);
await plan("deep page", `("createdAt" <= ? AND ("createdAt" < ? OR "id" < ?))`, [iso(deep[0]!.createdAt), iso(deep[0]!.createdAt), deep[0]!.id]);
await plan("deep page, status=Failed", `"status" = ? AND ("createdAt" <= ? AND ("createdAt" < ? OR "id" < ?))`, ["Failed", iso(deep[0]!.createdAt), iso(deep[0]!.createdAt), deep[0]!.id]);

// What the missing index would buy: status filters can only use (status, queuedAt), so SQLite sorts
// every matching row. Created here, in the throwaway file only; the schema is not changed.
await db.$executeRawUnsafe(`CREATE INDEX "bench_status_createdAt" ON "Execution"("status", "createdAt")`);
await db.$executeRawUnsafe("ANALYZE");
console.log(`\nwith an extra @@index([status, createdAt]) (bench file only):`);
await time("status=Failed, first page", { status: "Failed" });
await time("deep page, status=Failed", { before: deepCursor, status: "Failed" });
await plan("status=Failed", `"status" = ?`, ["Failed"]);

await db.$disconnect();
};

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
