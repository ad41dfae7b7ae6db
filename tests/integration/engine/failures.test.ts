/**
 * Failure is failure: a broken destination makes the run Partial and the others still get their
 * backups; a dump that fails, is killed, is cancelled or times out commits nothing anywhere (no object,
 * no manifest, no .partial file, no Backup row) and leaves no tool running.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { type RunEvent, subscribeRun } from "@/server/runs/progress-bus";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { cancelRun } from "@/server/services/runs/cancel-run";
import { abortAllRuns } from "@/server/runs/run-registry";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { freePort } from "../helpers/adapters";
import { childrenOf, waitFor } from "../helpers/child-process";
import { psql } from "../helpers/native-sql";
import { startS3Server, type TestS3Server } from "../helpers/s3-server";
import {
  filesUnder,
  makeDestination,
  makeJob,
  makeProfile,
  makeSource,
  metadataOf,
  openDestination,
  pgConfig,
  readAll,
  resetEngineDb,
  runLogs,
  s3ConfigFor,
  servicesAvailable,
  sftpConfig,
  sha256,
  unique,
  waitForRun,
} from "./fixtures";

const run = servicesAvailable("postgres", "ssh");

/** This process's children by command name (the dump tools, zstd) */
const children = () => childrenOf(process.pid);

/** Collects a run's live events from the moment it is subscribed */
const recordEvents = (executionId: string) => {
  const events: Array<{ at: number; e: RunEvent }> = [];
  const stop = subscribeRun(executionId, (e) => events.push({ at: performance.now(), e }));
  return { events, stop, progress: () => events.filter((x) => x.e.type === "progress") as Array<{ at: number; e: Extract<RunEvent, { type: "progress" }> }> };
};

(run ? describe : describe.skip)("backup engine failures", () => {
  const u = unique();
  let tmp: string;
  let s3: TestS3Server;
  const sftpDir = `/tmp/bk-engine-fail-${u}`;
  const smallDb = `engine_small_${u}`;
  const bigDb = `engine_big_${u}`;
  let pgSourceId: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-engine-fail-"));
    s3 = await startS3Server();
    await resetEngineDb();
    psql("postgres", `CREATE DATABASE ${smallDb}`);
    // ~3 MB of dump that compresses poorly (hex of hashes), enough to overflow a 1 MiB file system
    psql(smallDb, "CREATE TABLE t AS SELECT g AS id, md5(g::text) || md5((g * 3)::text) AS v FROM generate_series(1, 60000) g");
    // ~100 MB of table for the long runs
    psql("postgres", `CREATE DATABASE ${bigDb}`);
    psql(bigDb, "CREATE TABLE big AS SELECT g AS id, md5(g::text) || md5((g + 1)::text) || md5((g * 7)::text) AS payload FROM generate_series(1, 1000000) g");
    pgSourceId = (await makeSource("postgres", pgConfig(), "production-pg")).id;
  }, 180_000);

  afterAll(async () => {
    for (const d of [smallDb, bigDb]) {
      try {
        psql("postgres", `DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
      } catch {
        // best effort
      }
    }
    await s3?.close();
    fs.rmSync(sftpDir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const localDest = async (name: string) => {
    const dir = path.join(tmp, `${name}-${unique()}`);
    return { dir, dest: await makeDestination("local", { path: dir }, `${name}-${unique()}`) };
  };

  const expectNothingStored = async (jobSlug: string, destinationIds: string[], localDirs: string[]) => {
    for (const id of destinationIds) expect(await (await openDestination(id)).list(`${jobSlug}/`)).toEqual([]);
    for (const dir of localDirs) expect(filesUnder(dir)).toEqual([]); // not even a .partial-… file
  };

  it("a broken destination (SFTP on a closed port, a local path that is a file) → Partial; the others have backups and manifests", async () => {
    const good = await localDest("good");
    const s3dest = await makeDestination("s3", s3ConfigFor(s3), `s3-${unique()}`);
    const badSftp = await makeDestination("sftp", sftpConfig(sftpDir, { port: await freePort() }), "broken-sftp");
    const fileDir = path.join(tmp, `a-file-${unique()}`);
    fs.writeFileSync(fileDir, "this is a file, not a directory");
    const badLocal = await makeDestination("local", { path: fileDir }, "file-not-dir");
    const job = await makeJob({
      sourceId: pgSourceId,
      destinationIds: [good.dest.id, badSftp.id, s3dest.id, badLocal.id],
      databases: { mode: "pick", names: [smallDb] },
      compression: "gzip",
    });

    const { executionId } = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const e = await waitForRun(executionId);
    const logs = await runLogs(executionId);
    expect(e.status, logs.join("\n")).toBe("Partial");
    expect(e.warning).toMatch(/^2 of 4 backups were not stored: .*broken-sftp.*file-not-dir/);
    expect(e.error).toMatch(new RegExp(`^${smallDb} → broken-sftp: .*(refused|ECONNREFUSED|closed)`, "i"));

    const meta = metadataOf(e);
    expect(meta.databases[0]?.status).toBe("partial");
    const byName = Object.fromEntries(meta.databases[0]!.destinations.map((d) => [d.name, d]));
    expect(byName["broken-sftp"]).toMatchObject({ status: "failed", error: expect.stringMatching(/refused|ECONNREFUSED|closed/i) });
    expect(byName["file-not-dir"]).toMatchObject({ status: "failed", error: expect.stringMatching(/not a directory|ENOTDIR|EEXIST|exists/i) });
    expect(byName[good.dest.name]).toMatchObject({ status: "ok", key: expect.any(String) });
    expect(meta.databases[0]!.destinations.map((d) => d.id)).toEqual([good.dest.id, badSftp.id, s3dest.id, badLocal.id]);
    expect(logs.some((l) => l.startsWith("error could not open broken-sftp (sftp)"))).toBe(true);
    expect(logs.some((l) => l.startsWith("error could not open file-not-dir (local)"))).toBe(true);

    const backups = await db.backup.findMany({ where: { executionId } });
    expect(backups.map((b) => b.destinationId).sort()).toEqual([good.dest.id, s3dest.id].sort());
    for (const b of backups) {
      const dest = await openDestination(b.destinationId);
      expect((await dest.list(`${job.slug}/`)).map((o) => o.key).sort()).toEqual([b.key, b.manifestKey]);
      expect(sha256(await readAll(await dest.read(b.key)))).toBe(b.sha256);
    }
    expect(filesUnder(sftpDir)).toEqual([]);
    expect(fs.readFileSync(fileDir, "utf8")).toBe("this is a file, not a directory");
  });

  const tmpfsDir = path.join(os.tmpdir(), `bunker-engine-tmpfs-${u}`);
  const canMount = (() => {
    if (process.getuid?.() !== 0) return false;
    try {
      fs.mkdirSync(tmpfsDir, { recursive: true });
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", tmpfsDir]);
      return true;
    } catch {
      return false;
    }
  })();
  afterAll(() => {
    if (canMount) execFileSync("umount", [tmpfsDir]);
    fs.rmSync(tmpfsDir, { recursive: true, force: true });
  });

  it.skipIf(!canMount)("a destination that fails mid-stream (a full 1 MiB file system) is dropped; the other finishes → Partial", async () => {
    const full = await makeDestination("local", { path: path.join(tmpfsDir, "backups") }, "tiny-disk");
    const good = await localDest("good");
    const job = await makeJob({ sourceId: pgSourceId, destinationIds: [full.id, good.dest.id], databases: { mode: "pick", names: [smallDb] }, compression: "none" });
    const { executionId } = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const e = await waitForRun(executionId);
    const logs = await runLogs(executionId);
    expect(e.status, logs.join("\n")).toBe("Partial");
    const meta = metadataOf(e);
    expect(meta.databases[0]!.bytesStored).toBeGreaterThan(1024 * 1024);
    expect(meta.databases[0]!.destinations[0]).toMatchObject({ name: "tiny-disk", status: "failed", error: expect.stringMatching(/ENOSPC|no space|full/i) });
    expect(meta.databases[0]!.destinations[1]).toMatchObject({ status: "ok" });
    expect(logs.some((l) => /^error .*tiny-disk failed during the upload: .*(ENOSPC|space)/i.test(l))).toBe(true);
    expect(filesUnder(tmpfsDir)).toEqual([]); // the partial file was removed
    const [b] = await db.backup.findMany({ where: { executionId } });
    expect(b?.destinationId).toBe(good.dest.id);
    expect(fs.statSync(path.join(good.dir, b!.key)).size).toBe(Number(b!.sizeBytes));
  });

  it("a dump that fails (a database that does not exist) fails that database with the tool's message and commits nothing", async () => {
    const a = await localDest("a");
    const s3dest = await makeDestination("s3", s3ConfigFor(s3, "failing/"), `s3-${unique()}`);
    const missing = `no_such_db_${u}`;
    const job = await makeJob({ sourceId: pgSourceId, destinationIds: [a.dest.id, s3dest.id], databases: { mode: "pick", names: [missing] } });
    const { executionId } = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const e = await waitForRun(executionId);
    const logs = await runLogs(executionId);
    expect(e.status, logs.join("\n")).toBe("Failed");
    expect(e.error).toMatch(new RegExp(`^${missing}: .*database "?${missing}"? does not exist`));
    expect(metadataOf(e).databases).toEqual([
      {
        name: missing,
        status: "failed",
        bytesRead: 0,
        bytesStored: 0,
        error: expect.stringMatching(/does not exist/),
        destinations: [
          { id: a.dest.id, name: a.dest.name, status: "aborted" },
          { id: s3dest.id, name: s3dest.name, status: "aborted" },
        ],
      },
    ]);
    expect(logs.some((l) => l.startsWith(`error ${missing}: `) && l.includes("does not exist"))).toBe(true);
    expect(await db.backup.count({ where: { executionId } })).toBe(0);
    await expectNothingStored(job.slug, [a.dest.id, s3dest.id], [a.dir]);
  });

  it("with one good and one missing database the run is Partial and only the good one is stored", async () => {
    const a = await localDest("a");
    const missing = `no_such_db_${u}`;
    const job = await makeJob({ sourceId: pgSourceId, destinationIds: [a.dest.id], databases: { mode: "pick", names: [missing, smallDb] } });
    const { executionId } = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const e = await waitForRun(executionId);
    expect(e.status).toBe("Partial");
    expect(metadataOf(e).databases.map((d) => [d.name, d.status])).toEqual([
      [missing, "failed"],
      [smallDb, "ok"],
    ]);
    const listed = (await (await openDestination(a.dest.id)).list("")).map((o) => o.key);
    expect(listed).toHaveLength(2);
    expect(listed.every((k) => k.includes(`_${smallDb}_`))).toBe(true);
    expect(filesUnder(a.dir).every((f) => !f.includes(missing))).toBe(true);
  });

  it("pg_dump killed mid-run → Failed with the tool's message; nothing listed, no .partial left, no tool left running", async () => {
    const a = await localDest("kill");
    const s3dest = await makeDestination("s3", s3ConfigFor(s3, "killed/"), `s3-${unique()}`);
    const job = await makeJob({ sourceId: pgSourceId, destinationIds: [s3dest.id, a.dest.id], databases: { mode: "pick", names: [bigDb] }, compression: "zstd" });
    const { executionId } = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const ev = recordEvents(executionId);
    // Once bytes flow, the pg_dump child is the dump itself (not a short-lived `pg_dump --version`)
    await waitFor("bytes to flow", () => (ev.progress().some((p) => p.e.bytesStored > 0) ? true : undefined));
    const dump = await waitFor("the pg_dump process", () => children().find((c) => c.comm === "pg_dump"));
    process.kill(dump.pid, "SIGKILL");
    const e = await waitForRun(executionId);
    ev.stop();
    const logs = await runLogs(executionId);
    expect(e.status, logs.join("\n")).toBe("Failed");
    expect(e.error).toMatch(new RegExp(`^${bigDb}: pg_dump was killed by SIGKILL`));
    expect(logs.some((l) => l.startsWith(`error ${bigDb}: pg_dump was killed by SIGKILL`))).toBe(true);
    expect(await db.backup.count({ where: { executionId } })).toBe(0);
    await expectNothingStored(job.slug, [s3dest.id, a.dest.id], [a.dir]);
    await waitFor("no child process left", () => (children().some((c) => ["pg_dump", "zstd"].includes(c.comm)) ? undefined : true), 10_000);
  }, 60_000);

  it("cancel mid-upload → Cancelled within seconds; nothing listed on either destination, no Backup rows; progress is throttled", async () => {
    const a = await localDest("cancel");
    const s3dest = await makeDestination("s3", s3ConfigFor(s3, "cancelled/"), `s3-${unique()}`);
    const profile = await makeProfile(tmp);
    const job = await makeJob({
      sourceId: pgSourceId,
      destinationIds: [s3dest.id, a.dest.id],
      databases: { mode: "pick", names: [bigDb] },
      compression: "gzip",
      encryptionProfileId: profile.id,
    });
    const { executionId } = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const ev = recordEvents(executionId);
    // Past the first S3 part (8 MiB) so a multipart upload is really under way
    await waitFor("bytes stored", () => (ev.progress().some((p) => p.e.bytesStored > 9 * 1024 * 1024) ? true : undefined), 60_000);
    const running = await db.execution.findUniqueOrThrow({ where: { id: executionId } });
    expect(running.status).toBe("Running");

    const t0 = performance.now();
    const { status } = await cancelRun({ executionId, actor: { kind: "user", userId: "u-1", email: "ops@example.test" } });
    const cancelMs = performance.now() - t0;
    ev.stop();
    expect(status).toBe("Cancelled");
    expect(cancelMs).toBeLessThan(5000);

    const e = await db.execution.findUniqueOrThrow({ where: { id: executionId } });
    expect(e).toMatchObject({ status: "Cancelled", error: "cancelled by ops@example.test" });
    expect(e.endedAt).toBeInstanceOf(Date);
    expect(metadataOf(e).databases[0]).toMatchObject({ name: bigDb, status: "cancelled" });
    expect(metadataOf(e).databases[0]!.destinations.map((d) => d.status)).toEqual(["aborted", "aborted"]);
    expect(await db.backup.count({ where: { executionId } })).toBe(0);
    await expectNothingStored(job.slug, [s3dest.id, a.dest.id], [a.dir]);
    await waitFor("no child process left", () => (children().some((c) => ["pg_dump", "zstd"].includes(c.comm)) ? undefined : true), 10_000);
    expect(await db.auditLog.count({ where: { action: "run.cancel", resourceId: executionId, actorEmail: "ops@example.test" } })).toBe(1);

    // Live events: progress at most every 250 ms and growing, Cancelled last
    const progress = ev.progress();
    expect(progress.length).toBeGreaterThan(1);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.at - progress[i - 1]!.at).toBeGreaterThanOrEqual(240);
      expect(progress[i]!.e.bytesRead).toBeGreaterThanOrEqual(progress[i - 1]!.e.bytesRead);
    }
    expect(progress.some((p) => p.e.rate > 0 && p.e.step === `dumping ${bigDb}`)).toBe(true);
    expect(ev.events.at(-1)?.e).toEqual({ type: "status", status: "Cancelled", error: "cancelled by ops@example.test", warning: null });

    // Cancelling again changes nothing
    expect(await cancelRun({ executionId, actor: SYSTEM_ACTOR })).toEqual({ status: "Cancelled" });
  }, 90_000);

  it("a shutdown (SIGTERM) stops running dumps → Cancelled (shutdown) within seconds, nothing stored", async () => {
    const a = await localDest("shutdown");
    const job = await makeJob({ sourceId: pgSourceId, destinationIds: [a.dest.id], databases: { mode: "pick", names: [bigDb] }, compression: "gzip" });
    const { executionId } = await startBackupRun({ jobId: job.id, trigger: "schedule", actor: SYSTEM_ACTOR });
    const ev = recordEvents(executionId);
    await waitFor("bytes read", () => (ev.progress().some((p) => p.e.bytesRead > 0) ? true : undefined), 60_000);
    const t0 = performance.now();
    expect(abortAllRuns({ kind: "shutdown" })).toBeGreaterThanOrEqual(1);
    const e = await waitForRun(executionId, 10_000);
    ev.stop();
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(e.status).toBe("Cancelled");
    expect(e.error).toMatch(/^shutdown/);
    expect(await db.backup.count({ where: { executionId } })).toBe(0);
    await expectNothingStored(job.slug, [a.dest.id], [a.dir]);
    await waitFor("no child process left", () => (children().some((c) => ["pg_dump"].includes(c.comm)) ? undefined : true), 10_000);
  }, 90_000);

  it("the run timeout stops the dump → Failed 'timed out after …', nothing stored", async () => {
    const a = await localDest("timeout");
    const job = await makeJob({ sourceId: pgSourceId, destinationIds: [a.dest.id], databases: { mode: "pick", names: [bigDb] }, timeoutSeconds: 1 });
    const { executionId } = await startBackupRun({ jobId: job.id, trigger: "schedule", actor: SYSTEM_ACTOR });
    const e = await waitForRun(executionId, 30_000);
    expect(e.status).toBe("Failed");
    expect(e.error).toBe("timed out after 1 second");
    expect(e.endedAt!.getTime() - e.startedAt!.getTime()).toBeLessThan(10_000);
    expect(await db.backup.count({ where: { executionId } })).toBe(0);
    await expectNothingStored(job.slug, [a.dest.id], [a.dir]);
  }, 60_000);

  it("a ~100 MB database streams through with flat memory and restores byte-identical", async () => {
    const a = await localDest("big");
    const job = await makeJob({ sourceId: pgSourceId, destinationIds: [a.dest.id], databases: { mode: "pick", names: [bigDb] }, compression: "zstd" });
    // What the process RETAINS (after a full GC) while the run goes, sampled every 250 ms
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    gc();
    const base = process.memoryUsage();
    let peakRetained = -Infinity;
    let samples = 0;
    const sampler = setInterval(() => {
      gc();
      const m = process.memoryUsage();
      samples++;
      peakRetained = Math.max(peakRetained, m.heapUsed + m.arrayBuffers - base.heapUsed - base.arrayBuffers);
    }, 250);
    const t0 = performance.now();
    const { executionId } = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const e = await waitForRun(executionId, 120_000);
    clearInterval(sampler);
    expect(e.status, (await runLogs(executionId)).join("\n")).toBe("Success");
    const raw = Number(e.bytesRead);
    const MB = 1024 * 1024;
    console.info(
      `[engine big] ${(raw / 1e6).toFixed(0)} MB raw → ${(Number(e.bytesStored) / 1e6).toFixed(0)} MB stored in ${Math.round(performance.now() - t0)} ms; ` +
        `peak retained heap + buffers ${(peakRetained / MB).toFixed(1)} MiB over ${samples} samples (base ${((base.heapUsed + base.arrayBuffers) / MB).toFixed(0)} MiB)`,
    );
    expect(raw).toBeGreaterThan(40 * MB);
    // Nothing holds the dump: what stays allocated is the streams' buffers, not the data
    expect(samples).toBeGreaterThanOrEqual(3);
    expect(peakRetained).toBeLessThan(24 * MB); // the raw dump is > 40 MB
    const [b] = await db.backup.findMany({ where: { executionId } });
    expect(sha256(fs.readFileSync(path.join(a.dir, b!.key)))).toBe(b!.sha256);
  }, 180_000);
});
