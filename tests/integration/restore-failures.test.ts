/**
 * Restores that must not succeed, and the restore budget: a flipped byte, a missing or wrong key, a
 * backup from a newer server, an SQL error mid-way, an overwrite without the typed confirmation, and
 * two restores under a limit of 1 while a backup runs beside them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateAgeKeyPair } from "@/lib/crypto/age";
import { db } from "@/server/db";
import { seal } from "@/server/secrets";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { preflightRestore } from "@/server/services/restore/preflight-restore";
import { startRestoreRun } from "@/server/services/restore/start-restore-run";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { makeDestination, makeJob, makeProfile, makeSource, mysqlConfig, pgConfig, resetEngineDb, servicesAvailable, unique, waitForRun } from "./engine/fixtures";
import { backUp, mysql, pgDrop, pgExists, psql, restore } from "./restore-helpers";

const run = servicesAvailable("postgres", "mysql");
const U = `rf_${unique()}`;

(run ? describe : describe.skip)("restores that fail, and the restore budget", () => {
  let dir = "";
  let local: { id: string };
  let pgSource: { id: string };
  const pgDbs: string[] = [];
  const myDbs: string[] = [];
  const src = `${U}_src`;

  beforeAll(async () => {
    await resetEngineDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-restore-f-"));
    local = await makeDestination("local", { path: path.join(dir, "local") });
    pgSource = await makeSource("postgres", pgConfig());
    pgDbs.push(src);
    psql("postgres", `CREATE DATABASE ${src}`);
    psql(src, "CREATE TABLE t (id int, v text); INSERT INTO t SELECT g, repeat(md5(g::text), 4) FROM generate_series(1, 60000) g;");
  }, 60_000);

  afterAll(() => {
    for (const d of pgDbs) pgDrop(d);
    for (const d of myDbs) mysql(`DROP DATABASE IF EXISTS \`${d}\``);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const pgJob = (over: Partial<Parameters<typeof makeJob>[0]> = {}) =>
    makeJob({ sourceId: pgSource.id, destinationIds: [local.id], databases: { mode: "pick", names: [src] }, compression: "none", ...over });

  it("one flipped byte on the destination: Failed with a checksum message, the new database never created", async () => {
    const [backup] = await backUp((await pgJob()).id);
    const file = path.join(dir, "local", backup!.key);
    const buf = fs.readFileSync(file);
    const at = Math.floor(buf.length / 2);
    buf.writeUInt8(buf.readUInt8(at) ^ 0x01, at);
    fs.writeFileSync(file, buf);
    const dst = `${U}_flip`;
    pgDbs.push(dst);
    const e = await restore({ backupId: backup!.id, targetSourceId: pgSource.id, database: dst });
    expect(e.status).toBe("Failed");
    expect(e.error).toMatch(/verification failed, the target was not touched: sha256 mismatch/);
    expect(pgExists(dst)).toBe(false);
  }, 120_000);

  it("a key missing from the vault and a wrong key fail with different messages, the target untouched", async () => {
    const profile = await makeProfile(dir);
    const [backup] = await backUp((await pgJob({ compression: "zstd", encryptionProfileId: profile.id })).id);
    const dst = `${U}_key`;
    pgDbs.push(dst);

    // The profile's identity replaced by another key (same recipient recorded): the age header does not open.
    const other = await generateAgeKeyPair();
    await db.encryptionProfile.update({ where: { id: profile.id }, data: { identity: seal(other.identity, `profile:${profile.id}:identity`) } });
    const wrong = await restore({ backupId: backup!.id, targetSourceId: pgSource.id, database: dst });
    expect(wrong.status).toBe("Failed");
    expect(wrong.error).toMatch(/verification failed, the target was not touched: wrong key/);
    expect(pgExists(dst)).toBe(false);

    await db.backup.updateMany({ where: { encryptionProfileId: profile.id }, data: { encryptionProfileId: null } });
    await db.job.updateMany({ where: { encryptionProfileId: profile.id }, data: { encryptionProfileId: null } });
    await db.encryptionProfile.delete({ where: { id: profile.id } });
    const missing = await restore({ backupId: backup!.id, targetSourceId: pgSource.id, database: dst });
    expect(missing.status).toBe("Failed");
    expect(missing.error).toMatch(/preflight failed: Encryption key: .*no encryption profile in the vault has that key/);
    expect(missing.error).not.toMatch(/wrong key/);
    expect(pgExists(dst)).toBe(false);
  }, 120_000);

  it("a backup from a newer PostgreSQL than the target is refused by the preflight", async () => {
    const [backup] = await backUp((await pgJob()).id);
    // pg_dump 17 does not exist on this host, so a PostgreSQL 17 backup cannot be taken here: its manifest says so instead.
    const manifest = JSON.parse(backup!.manifest) as { source: { serverVersion: string } };
    manifest.source.serverVersion = "PostgreSQL 17.2";
    await db.backup.update({ where: { id: backup!.id }, data: { manifest: JSON.stringify(manifest), serverVersion: "PostgreSQL 17.2" } });
    const dst = `${U}_v17`;
    pgDbs.push(dst);
    const pre = await preflightRestore({ backupId: backup!.id, targetSourceId: pgSource.id, database: dst, overwrite: false });
    expect(pre.ok).toBe(false);
    expect(pre.items.find((i) => i.id === "version")).toMatchObject({ status: "fail", message: expect.stringMatching(/PostgreSQL 17, the target runs PostgreSQL 15/) });
    const e = await restore({ backupId: backup!.id, targetSourceId: pgSource.id, database: dst });
    expect(e.status).toBe("Failed");
    expect(e.error).toMatch(/preflight failed: Server version/);
    expect(pgExists(dst)).toBe(false);
  }, 120_000);

  it("an SQL error mid-way (MariaDB overwrite over a view named like a table) ends Failed with the tool's message", async () => {
    const msrc = `${U}_my`;
    const mdst = `${U}_my_target`;
    myDbs.push(msrc, mdst);
    mysql(`CREATE DATABASE \`${msrc}\``);
    mysql("CREATE TABLE a (id INT); INSERT INTO a VALUES (1); CREATE TABLE items (id INT); INSERT INTO items VALUES (1), (2);", msrc);
    mysql(`CREATE DATABASE \`${mdst}\``);
    mysql("CREATE TABLE keepme (id INT); INSERT INTO keepme VALUES (7); CREATE VIEW items AS SELECT 1 AS id;", mdst);
    const source = await makeSource("mysql", mysqlConfig());
    const job = await makeJob({ sourceId: source.id, destinationIds: [local.id], databases: { mode: "pick", names: [msrc] }, compression: "gzip" });
    const [backup] = await backUp(job.id);
    const e = await restore({ backupId: backup!.id, targetSourceId: source.id, database: mdst, overwrite: true, confirm: mdst });
    expect(e.status).toBe("Failed");
    expect(e.error).toMatch(/ERROR \d+/);
    expect(e.error).toMatch(/items/);
    expect(mysql("SELECT id FROM keepme", mdst)).toBe("7");
  }, 120_000);

  it("overwrite without the typed confirmation is refused and nothing is touched", async () => {
    const [backup] = await backUp((await pgJob()).id);
    const before = await db.execution.count({ where: { type: "Restore" } });
    await expect(startRestoreRun({ backupId: backup!.id, targetSourceId: pgSource.id, database: src, overwrite: true, actor: SYSTEM_ACTOR })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(
      startRestoreRun({ backupId: backup!.id, targetSourceId: pgSource.id, database: src, overwrite: true, confirm: "wrong", actor: SYSTEM_ACTOR }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await db.execution.count({ where: { type: "Restore" } })).toBe(before);
    // Without overwrite, an existing database is refused by the preflight and left as it was.
    const e = await restore({ backupId: backup!.id, targetSourceId: pgSource.id, database: src });
    expect(e.status).toBe("Failed");
    expect(e.error).toMatch(/already exists/);
    expect(psql(src, "SELECT count(*) FROM t")).toBe("60000");
  }, 120_000);

  it("restore budget 1: the second restore waits Pending until the first ends; a backup started meanwhile runs at once", async () => {
    await db.systemSetting.upsert({ where: { key: "queue.maxConcurrentRestores" }, create: { key: "queue.maxConcurrentRestores", value: "1" }, update: { value: "1" } });
    await db.systemSetting.upsert({ where: { key: "queue.maxConcurrentJobs" }, create: { key: "queue.maxConcurrentJobs", value: "1" }, update: { value: "1" } });
    const [backup] = await backUp((await pgJob({ compression: "gzip" })).id);
    const d1 = `${U}_b1`;
    const d2 = `${U}_b2`;
    pgDbs.push(d1, d2);
    const r1 = await startRestoreRun({ backupId: backup!.id, targetSourceId: pgSource.id, database: d1, overwrite: false, actor: SYSTEM_ACTOR });
    const r2 = await startRestoreRun({ backupId: backup!.id, targetSourceId: pgSource.id, database: d2, overwrite: false, actor: SYSTEM_ACTOR });
    const seen = new Set<string>();
    let both = false;
    let backupStatus = "";
    const otherJob = await pgJob({ compression: "gzip" });
    for (let i = 0; i < 400; i++) {
      const [a, b] = await Promise.all([db.execution.findUniqueOrThrow({ where: { id: r1.executionId } }), db.execution.findUniqueOrThrow({ where: { id: r2.executionId } })]);
      seen.add(`${a.status}/${b.status}`);
      if (a.status === "Running" && b.status === "Running") both = true;
      if (a.status === "Running" && !backupStatus) {
        // A backup while a restore holds the restore budget (and backups have a limit of 1): not blocked.
        const { executionId } = await startBackupRun({ jobId: otherJob.id, trigger: "manual", actor: SYSTEM_ACTOR });
        backupStatus = (await db.execution.findUniqueOrThrow({ where: { id: executionId } })).status;
        expect((await waitForRun(executionId, 120_000)).status).toBe("Success");
      }
      if (b.status !== "Pending" && b.status !== "Running") break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(both).toBe(false);
    expect(seen.has("Running/Pending")).toBe(true);
    expect(backupStatus).toBe("Running");
    const [e1, e2] = [await waitForRun(r1.executionId, 120_000), await waitForRun(r2.executionId, 120_000)];
    expect(e1.status).toBe("Success");
    expect(e2.status).toBe("Success");
    expect(e2.startedAt!.getTime()).toBeGreaterThanOrEqual(e1.endedAt!.getTime());
  }, 240_000);
});
