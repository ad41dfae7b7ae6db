/**
 * Configuration export/import against real services: a PostgreSQL source, a local and an SFTP
 * destination, an encryption profile and a job with retention; two real backups. The export (with a
 * passphrase) is imported into a fresh Bunker process with its own DATA_DIR, database and ENCRYPTION_KEY:
 * the same names come back, the secrets work, the backups list matches and each imported backup reads
 * back (sha256, age, decompression). Also: an export without a passphrase holds no secret, a wrong
 * passphrase and a malformed file fail clearly, a dry run changes nothing, the file opens with `age -d`,
 * and the scheduled self-backup writes outside what orphan GC may delete.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { exportConfig } from "@/server/services/config-transfer/export-config";
import { importConfig } from "@/server/services/config-transfer/import-config";
import { runConfigBackup } from "@/server/services/config-transfer/run-config-backup";
import { updateSelfBackupSettings } from "@/server/services/config-transfer/self-backup-settings";
import { findOrphans } from "@/server/services/maintenance/collect-orphans";
import { importManifests } from "@/server/services/storage/import-manifests";
import { decryptWithPassphrase } from "@/server/services/config-transfer/config-crypto";
import { makeDestination, makeProfile, makeSource, pgConfig, resetEngineDb, servicesAvailable, sftpConfig, unique } from "./engine/fixtures";
import { backUp, pgDrop, psql } from "./restore-helpers";

const ROOT = path.resolve(__dirname, "../..");
const CHILD = path.join(__dirname, "fixtures", "config-transfer-child.ts");
const PASSPHRASE = "correct horse battery staple 42";

type ChildOut = {
  dry: { counts: Record<string, number>; rowsAfterDryRun: number };
  first: { counts: Record<string, number>; backups: Array<{ destinationName: string; imported: number; errors: string[] }> };
  again: { counts: Record<string, number>; imported: number };
  sources: string[];
  destinations: string[];
  profiles: Array<{ name: string; recipient: string }>;
  jobs: Array<{ name: string; slug: string; enabled: boolean; schedule: string | null; retention: unknown; source: string; destinations: string[]; profile: string | null }>;
  tests: Record<string, { ok: boolean; error?: string }>;
  backups: Array<{ key: string; sha256: string; size: number; database: string; job: string | null; destination: string; profile: string | null; createdAt: string }>;
  verified: Record<string, number>;
  settings: Record<string, string>;
};

(servicesAvailable("postgres", "ssh") ? describe : describe.skip)("configuration export and import", () => {
  const u = unique();
  const pgDb = `cfg_${u}`;
  let dir: string;
  let names: { source: string; local: string; sftp: string; job: string; profile: string };
  let profile: Awaited<ReturnType<typeof makeProfile>>;
  let sshKey: string;
  let localId: string;
  let exportFile: string;

  beforeAll(async () => {
    await resetEngineDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-cfg-"));
    fs.chmodSync(dir, 0o777);
    psql("postgres", `CREATE DATABASE ${pgDb}`);
    psql(pgDb, "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 500) g;");
    const source = await makeSource("postgres", pgConfig());
    const local = await makeDestination("local", { path: path.join(dir, "local") });
    const sftpCfg = sftpConfig(`/tmp/bk-cfg-sftp-${u}`);
    sshKey = sftpCfg.privateKey;
    const sftp = await makeDestination("sftp", sftpCfg);
    localId = local.id;
    profile = await makeProfile(dir);
    const jobName = `Config job ${u}`;
    const job = await db.job.create({
      data: {
        name: jobName,
        slug: `config-job-${u}`,
        sourceId: source.id,
        databases: JSON.stringify({ mode: "pick", names: [pgDb] }),
        compression: "gzip",
        encryptionProfileId: profile.id,
        schedule: "0 3 * * *",
        retention: JSON.stringify({ mode: "count", keep: 5 }),
        destinations: { create: [{ destinationId: local.id, position: 0 }, { destinationId: sftp.id, position: 1 }] },
      },
    });
    await backUp(job.id);
    await new Promise((r) => setTimeout(r, 1100)); // keys have second resolution
    await backUp(job.id);
    const p = await db.encryptionProfile.findUniqueOrThrow({ where: { id: profile.id } });
    names = { source: source.name, local: local.name, sftp: sftp.name, job: jobName, profile: p.name };
    const file = await exportConfig({ passphrase: PASSPHRASE, actor: SYSTEM_ACTOR });
    expect(file.fileName).toMatch(/^bunker-config-\d{8}T\d{6}Z\.json\.age$/);
    exportFile = path.join(dir, file.fileName);
    fs.writeFileSync(exportFile, file.bytes);
  }, 240_000);

  afterAll(() => {
    try {
      pgDrop(pgDb);
    } catch {
      // best effort
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("rebuilds a lost instance from the export plus the storage: names, secrets and the backups list", async () => {
    const originalBackups = (await db.backup.findMany({ include: { job: true, destination: true }, orderBy: [{ key: "asc" }, { destinationId: "asc" }] })).map((b) => ({
      key: b.key,
      sha256: b.sha256,
      size: Number(b.sizeBytes),
      database: b.databaseName,
      job: b.job?.name ?? null,
      destination: b.destination.name,
    }));
    expect(originalBackups).toHaveLength(4); // 2 runs × 2 destinations

    const appDir = path.join(dir, "fresh-instance");
    fs.mkdirSync(appDir);
    const appEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: appDir, DATABASE_URL: `file:${path.join(appDir, "bunker.db")}` };
    for (const k of Object.keys(appEnv)) if (/^(ENCRYPTION_|BETTER_AUTH_SECRET)/.test(k)) delete appEnv[k];
    execFileSync("node", ["scripts/prisma-migrate.mjs", "deploy"], { cwd: ROOT, env: appEnv, stdio: "pipe" });
    const r = spawnSync(process.execPath, ["--import", "tsx", CHILD, JSON.stringify({ file: exportFile, passphrase: PASSPHRASE })], { cwd: ROOT, env: appEnv, encoding: "utf8", timeout: 170_000 });
    if (r.status !== 0) throw new Error(`the fresh instance failed (${r.status}): ${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as ChildOut;

    // The dry run wrote nothing.
    expect(out.dry.rowsAfterDryRun).toBe(0);
    expect(out.dry.counts.create).toBe(out.first.counts.create);
    // Same things, by name.
    expect(out.sources).toEqual([names.source]);
    expect(out.destinations.sort()).toEqual([names.local, names.sftp].sort());
    expect(out.profiles).toEqual([{ name: names.profile, recipient: profile.recipient }]);
    expect(out.jobs).toEqual([
      { name: names.job, slug: `config-job-${u}`, enabled: false, schedule: "0 3 * * *", retention: { mode: "count", keep: 5 }, source: names.source, destinations: [names.local, names.sftp], profile: names.profile },
    ]);
    // The secrets came along: password, SSH key.
    expect(out.tests).toEqual({ [names.source]: { ok: true }, [names.local]: { ok: true }, [names.sftp]: { ok: true } });
    // The backups list matches, each backup belongs to the imported job and reads back with the imported key.
    // Destination ids differ between the instances: compare in (key, destination name) order.
    const byKeyAndDestination = (a: { key: string; destination: string }, b: { key: string; destination: string }) =>
      a.key.localeCompare(b.key) || a.destination.localeCompare(b.destination);
    expect(out.backups.map(({ profile: _p, createdAt: _c, ...b }) => b).sort(byKeyAndDestination)).toEqual([...originalBackups].sort(byKeyAndDestination));
    for (const b of out.backups) expect(b.profile).toBe(names.profile);
    expect(Object.keys(out.verified)).toHaveLength(4);
    for (const b of out.backups) expect(out.verified[`${b.destination}:${b.key}`]).toBe(b.size);
    expect(out.first.backups.map((b) => [b.destinationName, b.imported, b.errors]).sort()).toEqual(
      [[names.local, 2, []], [names.sftp, 2, []]].sort(),
    );
    // Importing again changes nothing: everything is a conflict, no backup is recorded twice.
    expect(out.again.counts.create).toBe(0);
    expect(out.again.imported).toBe(0);
  }, 200_000);

  it("an export without a passphrase leaves every secret out and says so", async () => {
    const file = await exportConfig({ passphrase: null, actor: SYSTEM_ACTOR });
    const text = Buffer.from(file.bytes).toString("utf8");
    expect(file.fileName).toMatch(/\.json$/);
    const doc = JSON.parse(text) as { includesSecrets: boolean; sources: Array<{ config: Record<string, unknown>; secretsOmitted: string[] }>; encryptionProfiles: Array<Record<string, unknown>> };
    expect(doc.includesSecrets).toBe(false);
    expect(text).not.toContain(process.env.PGPASSWORD!);
    expect(text).not.toContain(profile.identity);
    expect(text).not.toContain("AGE-SECRET-KEY");
    expect(text).not.toContain(sshKey.trim().split("\n")[1]!);
    expect(doc.sources[0]!.secretsOmitted).toEqual(["password"]);
    expect(doc.encryptionProfiles[0]).not.toHaveProperty("identity");
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "config.export" }, orderBy: { createdAt: "desc" } });
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({ contents: "without-secrets" });
    expect(audit.details).not.toContain(process.env.PGPASSWORD!);
  });

  it("the encrypted export opens with the age CLI and the passphrase", () => {
    const out = path.join(dir, "cli.json");
    // age reads the passphrase from a terminal: `script` gives it one.
    const r = spawnSync("bash", ["-c", `(sleep 1; printf '%s\\n' "$PASS"; sleep 5) | script -qfec "age -d -o '${out}' '${exportFile}'" /dev/null`], {
      env: { ...process.env, PASS: PASSPHRASE },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(0);
    const doc = JSON.parse(fs.readFileSync(out, "utf8")) as { format: string; includesSecrets: boolean; encryptionProfiles: Array<{ identity: string }> };
    expect(doc.format).toBe("bunker-config");
    expect(doc.includesSecrets).toBe(true);
    expect(doc.encryptionProfiles[0]!.identity).toBe(profile.identity);
  });

  it("a wrong passphrase, a missing one and a malformed file fail with clear messages", async () => {
    const file = fs.readFileSync(exportFile);
    const imp = (f: Uint8Array, passphrase: string | null) => importConfig({ file: f, passphrase, dryRun: true, enableJobs: false, actor: SYSTEM_ACTOR });
    await expect(imp(file, "not the passphrase")).rejects.toThrow(/Wrong passphrase/);
    await expect(imp(file, null)).rejects.toThrow(/encrypted: enter its passphrase/);
    await expect(imp(Buffer.from('{"hello": 1}'), null)).rejects.toThrow(/not a Bunker configuration export/);
    await expect(imp(Buffer.from("PK\u0003\u0004 zip?"), null)).rejects.toThrow(/not a Bunker configuration export/);
    const plain = JSON.parse(await decryptWithPassphrase(file, PASSPHRASE)) as Record<string, unknown>;
    await expect(imp(Buffer.from(JSON.stringify({ ...plain, formatVersion: 2 })), null)).rejects.toThrow(/newer format version 2/);
    await expect(imp(Buffer.from(JSON.stringify({ ...plain, jobs: "x" })), null)).rejects.toThrow(/damaged or incomplete: jobs/);
  });

  it("a dry run into the same instance reports conflicts and changes nothing", async () => {
    const count = async () => [await db.adapterConfig.count(), await db.job.count(), await db.backup.count(), await db.encryptionProfile.count(), await db.group.count()];
    const before = await count();
    const s = await importConfig({ file: fs.readFileSync(exportFile), passphrase: PASSPHRASE, dryRun: true, enableJobs: false, actor: SYSTEM_ACTOR });
    expect(await count()).toEqual(before);
    expect(s.counts.create).toBe(0);
    expect(s.items.filter((i) => i.action === "conflict").map((i) => `${i.kind}:${i.name}`).sort()).toEqual(
      [`source:${names.source}`, `destination:${names.local}`, `destination:${names.sftp}`, `job:${names.job}`, `encryptionProfile:${names.profile}`].sort(),
    );
  });

  it("a rescan re-records a backup whose row was lost, once", async () => {
    const b = await db.backup.findFirstOrThrow({ where: { destinationId: localId }, orderBy: { key: "asc" } });
    await db.backup.delete({ where: { id: b.id } });
    const r = await importManifests({ destinationId: localId, actor: SYSTEM_ACTOR });
    expect(r).toMatchObject({ manifests: 2, imported: 1, known: 1, skipped: 0, errors: [] });
    const again = await db.backup.findFirstOrThrow({ where: { destinationId: localId, key: b.key } });
    expect(again).toMatchObject({ jobId: b.jobId, sha256: b.sha256, sizeBytes: b.sizeBytes, encryptionProfileId: b.encryptionProfileId, recipient: b.recipient });
    expect((await importManifests({ destinationId: localId })).imported).toBe(0);
  });

  it("the self-backup writes encrypted exports under _bunker-config/, keeps the newest N, and orphan GC leaves them", async () => {
    expect((await runConfigBackup()).summary).toMatch(/^Off/);
    await updateSelfBackupSettings({ data: { destinationId: localId, intervalHours: 24, keep: 2, passphrase: PASSPHRASE }, actor: SYSTEM_ACTOR });
    const t0 = Date.UTC(2026, 0, 1, 0, 0, 0);
    const keys: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await runConfigBackup(new Date(t0 + i * 3600_000));
      expect(r.ok).toBe(true);
      keys.push(r.key!);
    }
    expect(keys[0]).toBe("_bunker-config/20260101T000000Z.json.age");
    const files = fs.readdirSync(path.join(dir, "local", "_bunker-config")).sort();
    expect(files).toEqual(["20260101T010000Z.json.age", "20260101T020000Z.json.age"]);
    const text = await decryptWithPassphrase(fs.readFileSync(path.join(dir, "local", "_bunker-config", files[1]!)), PASSPHRASE);
    expect(JSON.parse(text)).toMatchObject({ format: "bunker-config", includesSecrets: true, selfBackup: { passphrase: PASSPHRASE } });
    const old = new Date(0);
    expect(findOrphans(keys.map((key) => ({ key, modifiedAt: old })), new Set(), new Date())).toEqual([]);
    // The stored passphrase is sealed, never plain.
    const row = await db.systemSetting.findUniqueOrThrow({ where: { key: "configBackup.passphrase" } });
    expect(row.value).not.toContain(PASSPHRASE);
  });
});
