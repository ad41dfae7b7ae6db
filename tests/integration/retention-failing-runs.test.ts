/**
 * Retention never counts or deletes on a failed run: a keep-last 3 job against a real PostgreSQL and a
 * local destination takes three good backups, then five runs whose dump really fails (the source's
 * password changed on the server, then its database renamed away); the three backups stay, with their
 * rows, manifests and files. Once the source is repaired, one more good run leaves exactly three: the
 * oldest one goes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { filesUnder, makeDestination, makeJob, makeSource, resetEngineDb, runLogs, servicesAvailable, sha256, unique, waitForRun } from "./engine/fixtures";
import { psql } from "./helpers/native-sql";
import { env } from "./helpers/services";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

(servicesAvailable("postgres") ? describe : describe.skip)("retention with failing runs", () => {
  const u = unique();
  const role = `ret_role_${u}`;
  const pgDb = `ret_db_${u}`;
  const password = `pw-${u}`;
  let tmp: string;
  let destDir: string;
  let jobId: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-retention-fail-"));
    destDir = path.join(tmp, "nas");
    await resetEngineDb();
    // A role of its own, so its password can be broken on the server between runs.
    psql("postgres", `CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    psql("postgres", `CREATE DATABASE ${pgDb} OWNER ${role}`);
    psql(pgDb, `CREATE TABLE t(id int PRIMARY KEY, v text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 5000) g; ALTER TABLE t OWNER TO ${role};`);

    const source = await makeSource("postgres", { host: env("PGHOST"), port: Number(env("PGPORT")), user: role, password, database: pgDb, sslMode: "disable" }, `pg-${u}`);
    const dest = await makeDestination("local", { path: destDir }, `nas-${u}`);
    const job = await makeJob({ sourceId: source.id, destinationIds: [dest.id], databases: { mode: "pick", names: [pgDb] }, compression: "zstd" });
    jobId = (await db.job.update({ where: { id: job.id }, data: { retention: JSON.stringify({ mode: "count", keep: 3 }) } })).id;
  }, 60_000);

  afterAll(async () => {
    for (const sql of [`DROP DATABASE IF EXISTS ${pgDb} WITH (FORCE)`, `DROP DATABASE IF EXISTS ${pgDb}_away WITH (FORCE)`, `DROP ROLE IF EXISTS ${role}`]) {
      try {
        psql("postgres", sql);
      } catch {
        // best effort
      }
    }
    await resetEngineDb();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const runOnce = async () => {
    const { executionId } = await startBackupRun({ jobId, trigger: "manual", actor: SYSTEM_ACTOR });
    return waitForRun(executionId);
  };

  /** The job's backups, newest first, each checked against its files on the destination. */
  const backupsOnDisk = async () => {
    const rows = await db.backup.findMany({ where: { jobId }, orderBy: { createdAt: "desc" } });
    for (const b of rows) {
      const data = fs.readFileSync(path.join(destDir, b.key));
      expect(sha256(data)).toBe(b.sha256);
      const manifest = JSON.parse(fs.readFileSync(path.join(destDir, b.manifestKey), "utf8")) as { sha256: string };
      expect(manifest.sha256).toBe(b.sha256);
    }
    expect(filesUnder(destDir)).toEqual(rows.flatMap((b) => [b.key, b.manifestKey]).sort());
    return rows;
  };

  it("five failed runs after three good ones delete nothing; the next good run keeps exactly three", async () => {
    const good: string[] = [];
    for (let i = 0; i < 3; i++) {
      if (i > 0) await sleep(1100); // a distinct backup key (seconds resolution)
      const e = await runOnce();
      expect(e.status, e.error ?? "").toBe("Success");
      good.push(e.id);
    }
    const before = await backupsOnDisk();
    expect(before.map((b) => b.executionId)).toEqual([...good].reverse());

    // Five runs whose dump really fails: the password changed on the server (3), then the database gone (2).
    psql("postgres", `ALTER ROLE ${role} PASSWORD 'changed-${u}'`);
    for (let i = 0; i < 5; i++) {
      if (i === 3) {
        psql("postgres", `ALTER ROLE ${role} PASSWORD '${password}'`);
        psql("postgres", `ALTER DATABASE ${pgDb} RENAME TO ${pgDb}_away`);
      }
      const e = await runOnce();
      expect(e.status).toBe("Failed");
      expect(e.error).toMatch(i < 3 ? /password|authentication/i : /does not exist/i);
      expect(await db.backup.count({ where: { executionId: e.id } })).toBe(0);
      expect((await runLogs(e.id)).some((l) => l.includes("retention:"))).toBe(false);
    }

    // The three good backups are all still there: rows, manifests, files; nothing else was written.
    const after = await backupsOnDisk();
    expect(after.map((b) => b.id)).toEqual(before.map((b) => b.id));
    expect(await db.execution.count({ where: { jobId, status: "Failed" } })).toBe(5);
    // retention ran after each good run (one audit row each) and after no failed one
    expect(await db.auditLog.count({ where: { action: "retention.apply", resourceId: jobId } })).toBe(3);

    // Repaired: one more good run, and keep-last 3 lets the oldest go.
    psql("postgres", `ALTER DATABASE ${pgDb}_away RENAME TO ${pgDb}`);
    await sleep(1100);
    const last = await runOnce();
    expect(last.status, last.error ?? "").toBe("Success");
    expect(last.warning).toBeNull();
    expect(await db.auditLog.count({ where: { action: "retention.apply", resourceId: jobId } })).toBe(4);
    const final = await backupsOnDisk();
    expect(final).toHaveLength(3);
    expect(final.map((b) => b.executionId)).toEqual([last.id, good[2], good[1]]);
    const oldest = before.at(-1)!;
    expect(oldest.executionId).toBe(good[0]);
    expect(await db.backup.findUnique({ where: { id: oldest.id } })).toBeNull();
    expect(fs.existsSync(path.join(destDir, oldest.key))).toBe(false);
    expect(fs.existsSync(path.join(destDir, oldest.manifestKey))).toBe(false);
    const logs = await runLogs(last.id);
    expect(logs).toContain(`info retention: deleted ${oldest.key} from nas-${u} (beyond keep-last 3)`);
    expect(logs).toContain("info retention: deleted 1 old backup, kept 3");
  }, 120_000);
});
