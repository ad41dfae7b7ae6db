/**
 * A restore drill against restoring by hand, measured in the same run (docs/drills.md).
 *   eval "$(scripts/services/up.sh)"; npx tsx bench/drill-vs-raw.ts; scripts/services/down.sh "$IT_RUN_DIR"
 * Prints, per data size:
 *   - raw: `createdb && gunzip -c file | pg_restore` of a `pg_dump -Fc | gzip` file (and pg_restore alone);
 *   - the drill of a Bunker backup (pg_dump -Fc → gzip → age → local) into a scratch database on the same
 *     server: its RTO (verification + restore), its whole wall time (+ preflight, counting rows, dropping),
 *     both against raw, the verification pass timed alone (to split the RTO), and the peak RSS growth of
 *     this process during the drill.
 * BENCH_SIZES_MB=200,1000 changes the data sizes. Not a test: numbers, not assertions.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { growEventsTo, mb, openBenchApp, pgEnv, psql, work } from "./pg-bench";

const dbName = `bench_${process.pid}`;
const rawScratch = `bench_${process.pid}_raw`;
const secs = (ms: number) => (ms / 1000).toFixed(2);
const dropDb = (name: string) => psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);

/** Drill executions started here: their recorded scratch databases are dropped on the way out if the drill could not. */
const drillExecutions: string[] = [];
let pendingScratch: () => Promise<string[]> = () => Promise.resolve([]);

const growTo = (targetMb: number) => growEventsTo(dbName, targetMb);

/** `sh -c script "$1" "$2"`: names go in as arguments, never spliced into the script. Returns milliseconds. */
const timedSh = (what: string, script: string, ...args: string[]): number => {
  const t0 = performance.now();
  const r = spawnSync("sh", ["-c", script, "sh", ...args], { env: pgEnv });
  if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr}`);
  return performance.now() - t0;
};

// The same pg_restore flags and template as Bunker's restore (src/adapters/sources/postgres/restore.ts), so
// the raw baseline does the same work.
const PG_RESTORE = `pg_restore --no-owner --no-privileges --exit-on-error -d "$1"`;

const rawRestore = (file: string) => {
  timedSh("pg_dump | gzip", `pg_dump -Fc -d "$1" | gzip > "$2"`, dbName, file);
  try {
    const full = timedSh("createdb && gunzip | pg_restore", `createdb -T template0 "$1" && gunzip -c "$2" | ${PG_RESTORE}`, rawScratch, file);
    dropDb(rawScratch);
    psql(`CREATE DATABASE "${rawScratch}" TEMPLATE template0`);
    const restoreOnly = timedSh("gunzip | pg_restore", `gunzip -c "$2" | ${PG_RESTORE}`, rawScratch, file);
    return { full, restoreOnly, size: fs.statSync(file).size };
  } finally {
    dropDb(rawScratch);
    fs.rmSync(file, { force: true });
  }
};

async function main() {
  const sizes = (process.env.BENCH_SIZES_MB ?? "200,1000").split(",").map(Number);
  const { db, source, profileId, localDestination, SYSTEM_ACTOR } = await openBenchApp(dbName);
  const { startBackupRun } = await import("@/server/services/runs/start-backup-run");
  const { startDrillRun } = await import("@/server/services/drills/start-drill-run");
  const { scratchEntries } = await import("@/server/services/drills/scratch-journal");
  const { parseTableCounts } = await import("@/server/services/drills/drill-result");
  const { verifyStoredBackup } = await import("@/server/services/restore/restore-steps");
  const { ZDrillSettings } = await import("@/lib/drills/settings");
  pendingScratch = async () => {
    const rows = await db.execution.findMany({ where: { id: { in: drillExecutions } }, select: { metadata: true } });
    return rows.flatMap((r) => scratchEntries(r.metadata).filter((e) => e.status === "pending").map((e) => e.database));
  };

  const dest = await localDestination("bench-local", path.join(work, "dest"));
  const job = await db.job.create({
    data: {
      name: "bench-drill", slug: "bench-drill", sourceId: source.id, databases: JSON.stringify({ mode: "pick", names: [dbName] }), compression: "gzip",
      encryptionProfileId: profileId, destinations: { create: [{ destinationId: dest.id, position: 0 }] },
      // The source is its own scratch target: the drill restores into bunker_drill_<random> on the same server.
      drill: JSON.stringify(ZDrillSettings.parse({ enabled: true, schedule: { mode: "manual" }, targetSourceId: source.id })),
    },
  });

  const waitForEnd = async (executionId: string) => {
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      const e = await db.execution.findUniqueOrThrow({ where: { id: executionId } });
      if (!["Pending", "Running"].includes(e.status)) return e;
    }
  };

  const backup = async () => {
    const { executionId } = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const e = await waitForEnd(executionId);
    if (e.status !== "Success") throw new Error(`backup ${e.status}: ${e.error}`);
    const b = await db.backup.findFirstOrThrow({ where: { executionId }, select: { id: true, tableCounts: true } });
    return { id: b.id, stored: Number(e.bytesStored), read: Number(e.bytesRead), tableCounts: b.tableCounts };
  };

  /** Runs a drill to its end; the wall time as seen from here, and the peak RSS growth over the baseline before it. */
  const drill = async () => {
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const { executionId } = await startDrillRun({ jobId: job.id, actor: SYSTEM_ACTOR, trigger: "manual" });
    drillExecutions.push(executionId);
    const e = await waitForEnd(executionId).finally(() => clearInterval(sampler));
    const wallMs = performance.now() - t0;
    const result = await db.drillResult.findUniqueOrThrow({ where: { executionId } });
    if (e.status !== "Success" || result.status !== "passed" || result.rtoMs === null) throw new Error(`drill ${e.status}/${result.status}: ${e.error ?? result.error}`);
    const counts = parseTableCounts(result.tableCounts);
    return {
      rtoMs: result.rtoMs,
      execMs: (e.endedAt?.getTime() ?? NaN) - (e.startedAt?.getTime() ?? NaN),
      wallMs,
      rows: counts.reduce((n, t) => n + (t.restored ?? 0), 0),
      countsMatch: counts.length > 0 && counts.every((t) => t.ok),
      rssGrowth: peak - base,
      peakRss: peak,
    };
  };

  /** The drill's step 2 on its own (the same function): splits the RTO into verification and restore. */
  const verifyAlone = async (backupId: string) => {
    const t0 = performance.now();
    await verifyStoredBackup(backupId, new AbortController().signal, () => undefined, () => undefined);
    return performance.now() - t0;
  };

  const say = (s: string) => console.log(s);
  say(`machine: ${os.cpus().length} cores, ${mb(os.totalmem())} MB RAM; node ${process.version}; ${psql("SELECT version()").split(" on ")[0]}`);
  for (const target of sizes) {
    const bytes = growTo(target);
    const rowCount = Number(psql("SELECT count(*) FROM events", dbName));
    say(`\n── table data ${mb(bytes)} MB, ${rowCount.toLocaleString("en-US")} rows (target ${target} MB) ──`);
    const b = await backup();
    say(`Bunker backup gzip+age → local:           ${mb(b.stored)} MB stored (dump ${mb(b.read)} MB), row counts recorded: ${b.tableCounts ? "yes" : "no"}`);
    const raw = rawRestore(path.join(work, "raw.dump.gz"));
    say(`raw pg_dump -Fc | gzip file:              ${mb(raw.size)} MB`);
    say(`raw createdb && gunzip -c | pg_restore:   ${secs(raw.full)} s`);
    say(`raw gunzip -c | pg_restore (db exists):   ${secs(raw.restoreOnly)} s`);
    const d = await drill();
    const verifyMs = await verifyAlone(b.id);
    say(`drill RTO (verify + restore):             ${secs(d.rtoMs)} s  (verification alone, timed after: ${secs(verifyMs)} s → restore ≈ ${secs(d.rtoMs - verifyMs)} s)`);
    say(`drill total (Execution start → end):      ${secs(d.execMs)} s  (${secs(d.execMs - d.rtoMs)} s preflight, counting ${d.rows.toLocaleString("en-US")} rows (${d.countsMatch ? "match the backup's" : "NOT compared/matching"}), dropping; ${secs(d.wallMs)} s seen from here)`);
    say(`  RTO / raw:   ${(d.rtoMs / raw.full).toFixed(2)}x`);
    say(`  total / raw: ${(d.execMs / raw.full).toFixed(2)}x`);
    say(`  restore without verification / raw: ${((d.rtoMs - verifyMs) / raw.full).toFixed(2)}x`);
    say(`  peak RSS during the drill ${mb(d.peakRss)} MB (+${mb(d.rssGrowth)} MB over the ${mb(d.peakRss - d.rssGrowth)} MB before it)`);
  }
  await cleanup();
  await db.$disconnect();
  process.exit(0);
}

/** Everything this run created on the server and on disk; each step on its own, so one failure does not skip the rest. */
async function cleanup() {
  const names = [dbName, rawScratch, ...(await pendingScratch().catch(() => []))];
  for (const name of names) {
    try {
      dropDb(name);
    } catch {
      /* the server may be gone */
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch(async (e: unknown) => {
  console.error(e);
  await cleanup();
  process.exit(1);
});
