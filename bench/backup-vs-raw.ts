/**
 * Backup speed and memory against the raw tools, measured in the same run (issue: the backup engine).
 *   eval "$(scripts/services/up.sh)"; npx tsx bench/backup-vs-raw.ts; scripts/services/down.sh "$IT_RUN_DIR"
 * Prints:
 *   - Bunker (pg_dump -Fc → gzip → age → local) vs `pg_dump -Fc | gzip > file`, on ~1 GB of table data;
 *   - peak RSS growth of this process during a Bunker backup at ~200 MB and at ~2 GB;
 *   - 3 local destinations vs 1.
 * BENCH_SIZES_MB=200,1000,2000 changes the data sizes. Not a test: numbers, not assertions.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { growEventsTo, mb, openBenchApp, pgEnv, psql, work } from "./pg-bench";

const dbName = `bench_${process.pid}`;

const growTo = (targetMb: number) => growEventsTo(dbName, targetMb);

const rawBaseline = (out: string): number => {
  const t0 = performance.now();
  const r = spawnSync("sh", ["-c", `pg_dump -Fc -d "$1" | gzip > "$2"`, "sh", dbName, out], { env: pgEnv });
  if (r.status !== 0) throw new Error(`pg_dump | gzip failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
};

async function main() {
  const sizes = (process.env.BENCH_SIZES_MB ?? "200,1000,2000").split(",").map(Number);
  const { db, source, profileId, localDestination, SYSTEM_ACTOR } = await openBenchApp(dbName);
  const { startBackupRun } = await import("@/server/services/runs/start-backup-run");
  const dests: { id: string }[] = [];
  for (const i of [1, 2, 3]) dests.push(await localDestination(`bench-local-${i}`, path.join(work, `dest${i}`)));
  const makeJob = (name: string, destCount: number) =>
    db.job.create({
      data: {
        name, slug: name, sourceId: source.id, databases: JSON.stringify({ mode: "pick", names: [dbName] }), compression: "gzip",
        encryptionProfileId: profileId, destinations: { create: dests.slice(0, destCount).map((d, position) => ({ destinationId: d.id, position })) },
      },
    });
  const job1 = await makeJob("bench-one", 1);
  const job3 = await makeJob("bench-three", 3);

  /** Runs a job to completion; returns seconds and the peak RSS growth over the baseline before it. */
  const runJob = async (jobId: string) => {
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const { executionId } = await startBackupRun({ jobId, trigger: "manual", actor: SYSTEM_ACTOR });
    let e;
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      e = await db.execution.findUniqueOrThrow({ where: { id: executionId } });
      if (!["Pending", "Running"].includes(e.status)) break;
    }
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    if (e.status !== "Success") throw new Error(`run ${e.status}: ${e.error}`);
    return { seconds, rssGrowth: peak - base, peakRss: peak, stored: Number(e.bytesStored), read: Number(e.bytesRead) };
  };

  const lines: string[] = [];
  const say = (s: string) => {
    console.log(s);
    lines.push(s);
  };
  say(`machine: ${os.cpus().length} cores, ${mb(os.totalmem())} MB RAM; node ${process.version}`);
  const rss: Record<number, number> = {};
  const peaks: Record<number, number> = {};
  for (const target of sizes) {
    const bytes = growTo(target);
    say(`\n── table data ${mb(bytes)} MB (target ${target} MB) ──`);
    const raw = rawBaseline(path.join(work, "raw.dump.gz"));
    const rawSize = fs.statSync(path.join(work, "raw.dump.gz")).size;
    say(`pg_dump -Fc | gzip > file:          ${raw.toFixed(2)} s, ${mb(rawSize)} MB`);
    const one = await runJob(job1.id);
    say(`Bunker gzip+age → 1 local dest:      ${one.seconds.toFixed(2)} s, ${mb(one.stored)} MB stored (dump ${mb(one.read)} MB), peak RSS ${mb(one.peakRss)} MB (+${mb(one.rssGrowth)} MB during the run)`);
    say(`  speed vs raw: ${(raw / one.seconds).toFixed(2)}x (target ≥ 0.90x)`);
    rss[target] = one.rssGrowth;
    peaks[target] = one.peakRss;
    if (target === sizes[Math.floor(sizes.length / 2)]) {
      const three = await runJob(job3.id);
      say(`Bunker gzip+age → 3 local dests:     ${three.seconds.toFixed(2)} s, peak RSS +${mb(three.rssGrowth)} MB`);
      say(`  3 destinations vs 1: ${(three.seconds / one.seconds).toFixed(2)}x the time (target ≤ 1.15x)`);
    }
  }
  const first = sizes[0] as number;
  const last = sizes[sizes.length - 1] as number;
  say(`\npeak RSS at ${first} MB: ${mb(peaks[first] ?? 0)} MB; at ${last} MB: ${mb(peaks[last] ?? 0)} MB; difference ${mb((peaks[last] ?? 0) - (peaks[first] ?? 0))} MB (target < 32 MB)`);
  say(`RSS growth at ${first} MB: ${mb(rss[first] ?? 0)} MB; at ${last} MB: ${mb(rss[last] ?? 0)} MB; difference ${mb((rss[last] ?? 0) - (rss[first] ?? 0))} MB`);
  fs.writeFileSync(path.join(os.tmpdir(), "bunker-bench-backup.txt"), `${lines.join("\n")}\n`);
  psql(`DROP DATABASE IF EXISTS ${dbName}`);
  await db.$disconnect();
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  try {
    psql(`DROP DATABASE IF EXISTS ${dbName}`);
  } catch {
    /* the server may be gone */
  }
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(1);
});
