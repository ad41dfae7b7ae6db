/**
 * Dashboard at scale: 1 000 jobs, 100 000 runs over the last year and their Backup rows in a fresh
 * SQLite file, then the dashboard's service calls (getDashboard and getOverview, exactly what the page
 * awaits) timed N times, with p50/p95 in ms, each part on its own, and SQLite's plan for the raw queries.
 *
 * Run: npx tsx bench/dashboard.ts [runs] [iterations]
 * DATABASE_URL=file:/tmp/x/bench.db picks the file (deleted and re-created, migrated with
 * scripts/prisma-migrate.mjs deploy); without it a temp directory is used. Not a test: it prints numbers.
 * The target is a server time p95 under 150 ms.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const RUNS = Number(process.argv[2] ?? 100_000);
const ITERATIONS = Number(process.argv[3] ?? 40);
const JOBS = 1_000;
const DESTINATIONS = 6;
const SCHEDULES: Array<[string | null, number]> = [["0 2 * * *", 0.5], ["0 * * * *", 0.15], ["*/30 * * * *", 0.05], ["0 3 * * 0", 0.15], [null, 0.15]];

if (!process.env.DATABASE_URL) {
  process.env.DATABASE_URL = `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bunker-bench-")), "bench.db")}`;
}
process.env.LOG_LEVEL ??= "error";
const url = process.env.DATABASE_URL;
if (!url.startsWith("file:")) throw new Error("DATABASE_URL must be a file: URL");
const file = url.slice("file:".length);
fs.mkdirSync(path.dirname(file), { recursive: true });
// BENCH_REUSE=1 with an already seeded DATABASE_URL skips the (minute-long) seeding.
const reuse = process.env.BENCH_REUSE === "1" && fs.existsSync(file);
if (!reuse) {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
  execFileSync("node", ["scripts/prisma-migrate.mjs", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
}

const main = async () => {
  // Imported after DATABASE_URL is settled: the client reads it once, through src/server/env.ts.
  const { db, applySqlitePragmas } = await import("../src/server/db");
  const { getDashboard } = await import("../src/server/services/dashboard/get-dashboard");
  const { getOverview } = await import("../src/server/services/dashboard/get-overview");
  const { getJobHealth } = await import("../src/server/services/dashboard/job-health");
  const { getRunDays } = await import("../src/server/services/dashboard/run-days");
  const { getStorageRows } = await import("../src/server/services/dashboard/storage-trend");
  const { lastDays } = await import("../src/server/services/dashboard/tz-days");
  const { clearSettledCache } = await import("../src/server/services/dashboard/settled-cache");

  let seed = 42;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(weighted: Array<[T, number]>): T => {
    let r = rand();
    for (const [v, w] of weighted) if ((r -= w) < 0) return v;
    return weighted[weighted.length - 1]![0];
  };

  await applySqlitePragmas();
  const dests: string[] = [];
  if (!reuse) {
    await db.systemSetting.upsert({ where: { key: "system.timezone" }, create: { key: "system.timezone", value: JSON.stringify("Europe/Paris") }, update: {} });
    const t0 = performance.now();
    const source = await db.adapterConfig.create({ data: { name: "bench-source", kind: "source", adapterId: "sqlite", config: "{}" } });
    for (let d = 0; d < DESTINATIONS; d++) dests.push((await db.adapterConfig.create({ data: { name: `bench-dest-${d}`, kind: "destination", adapterId: "local", config: "{}" } })).id);
    const year = 365 * 86_400_000;
    const now = Date.now();
    await db.job.createMany({
      data: Array.from({ length: JOBS }, (_, j) => ({
        id: `benchjob${String(j).padStart(5, "0")}`,
        name: `Bench job ${j}`,
        slug: `bench-job-${j}`,
        sourceId: source.id,
        schedule: pick(SCHEDULES),
        enabled: rand() > 0.05,
        createdAt: new Date(now - year - 86_400_000),
      })),
    });
    const jobId = (i: number) => `benchjob${String(i).padStart(5, "0")}`;

    const BATCH = 5000;
    let backups = 0;
    for (let b = 0; b < RUNS; b += BATCH) {
      const runs = [];
      const rows = [];
      for (let k = 0; k < Math.min(BATCH, RUNS - b); k++) {
        const i = b + k;
        // Spread over the year, newest last; each job gets ~100 runs.
        const createdAt = new Date(now - year + Math.floor((i / RUNS) * year) + Math.floor(rand() * 60_000));
        const status = pick<string>([["Success", 0.88], ["Failed", 0.05], ["Partial", 0.03], ["Cancelled", 0.02], ["Skipped", 0.02]]);
        const type = pick<string>([["Backup", 0.9], ["Verify", 0.05], ["System", 0.03], ["Restore", 0.02]]);
        const startedAt = new Date(createdAt.getTime() + 200);
        const id = `bench${String(i).padStart(7, "0")}`;
        const job = type === "System" ? null : jobId(Math.floor(rand() * JOBS));
        runs.push({
          id,
          jobId: job,
          type,
          status,
          trigger: "schedule",
          queuedAt: createdAt,
          createdAt,
          startedAt,
          endedAt: new Date(startedAt.getTime() + Math.floor(rand() * 600_000)),
          bytesRead: BigInt(Math.floor(rand() * 5e9)),
          bytesStored: BigInt(Math.floor(rand() * 1e9)),
          error: status === "Failed" ? "pg_dump: error: connection to server failed" : null,
          metadata: JSON.stringify({ databases: [{ name: "app", status: "ok", bytesRead: 1, bytesStored: 1, destinations: [] }] }),
        });
        // Retention keeps the newer half of the backups.
        if (type === "Backup" && status === "Success" && job && i > RUNS / 2) {
          rows.push({
            jobId: job,
            executionId: id,
            destinationId: dests[Math.floor(rand() * DESTINATIONS)]!,
            databaseName: "app",
            engine: "postgres",
            key: `k/${id}`,
            manifestKey: `k/${id}.manifest.json`,
            sizeBytes: BigInt(Math.floor(rand() * 1e9)),
            sha256: "0".repeat(64),
            compression: "zstd",
            manifest: "{}",
            verifiedAt: createdAt,
            verifyStatus: rand() < 0.98 ? "ok" : "failed",
            createdAt,
          });
        }
      }
      await db.execution.createMany({ data: runs });
      await db.backup.createMany({ data: rows });
      backups += rows.length;
    }
    await db.$executeRawUnsafe("ANALYZE");
    console.log(`seeded ${JOBS} jobs, ${RUNS.toLocaleString("en")} runs, ${backups.toLocaleString("en")} backups in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${file}`);
  } else {
    dests.push(...(await db.adapterConfig.findMany({ where: { kind: "destination" }, select: { id: true } })).map((d) => d.id));
    console.log(`reusing ${file}`);
  }

  const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  const time = async (label: string, fn: () => Promise<unknown>) => {
    for (let i = 0; i < 3; i++) await fn(); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const t = performance.now();
      await fn();
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    console.log(`${label.padEnd(40)} p50 ${percentile(ms, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(ms, 95).toFixed(1).padStart(7)} ms`);
  };

  const tz = "Europe/Paris";
  const days = lastDays(371, tz);
  console.log(`\n${ITERATIONS} iterations each (node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"}, load ${os.loadavg()[0]?.toFixed(2)})`);
  const live = days[days.length - 2]!;
  const destinationIds = dests;
  // Cold: the settled cache emptied before every call (a first render after a restart or a TTL expiry).
  await time("page data, cold cache", () => (clearSettledCache(), Promise.all([getDashboard(), getOverview()])));
  await time("page data, warm cache (the usual render)", () => Promise.all([getDashboard(), getOverview()]));
  await time("  getRunDays (371 days), cold", () => (clearSettledCache(), getRunDays({ firstDay: days[0]!, liveFromDay: live, tz, now: new Date() })));
  await time("  getRunDays (371 days), warm", () => getRunDays({ firstDay: days[0]!, liveFromDay: live, tz, now: new Date() }));
  await time("  getJobHealth (1k jobs)", () => getJobHealth());
  await time("  getStorageRows (90 days), cold", () => (clearSettledCache(), getStorageRows({ firstDay: days[days.length - 90]!, liveFromDay: live, destinationIds, tz, now: new Date() })));
  await time("  getStorageRows (90 days), warm", () => getStorageRows({ firstDay: days[days.length - 90]!, liveFromDay: live, destinationIds, tz, now: new Date() }));
  const d = await getDashboard();
  console.log(`\nverdict: ${d.verdict.headline} (${d.verdict.detail}); overdue ${d.verification.overdue}/${d.verification.total}; success ${((d.kpis.successRate ?? 0) * 100).toFixed(1)}%`);

  console.log("\nquery plans:");
  for (const [label, sql] of [
    ["run days", `SELECT date("createdAt") d, status, COUNT(*) FROM "Execution" WHERE "type" = 'Backup' AND "createdAt" >= '2000' GROUP BY d, status`],
    ["latest run per job", `SELECT (SELECT e."status" FROM "Execution" e WHERE e."jobId" = j."id" AND e."type" = 'Backup' ORDER BY e."createdAt" DESC LIMIT 1) FROM "Job" j`],
    ["latest verified backup per job", `SELECT (SELECT b."createdAt" FROM "Backup" b WHERE b."jobId" = j."id" AND b."verifyStatus" = 'ok' ORDER BY b."createdAt" DESC LIMIT 1) FROM "Job" j`],
    ["storage", `SELECT "destinationId", date("createdAt") d, SUM("sizeBytes") FROM "Backup" GROUP BY 1, 2`],
  ] as const) {
    const rows = await db.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`);
    console.log(`  ${label.padEnd(32)} ${rows.map((r) => r.detail).join(" · ")}`);
  }
  await db.$disconnect();
};

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
