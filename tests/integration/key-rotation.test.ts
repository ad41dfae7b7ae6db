/**
 * Master key rotation against the real app DB, a real PostgreSQL source, a real SFTP destination and a
 * real encrypted backup: secrets sealed under ENCRYPTION_KEY v1 are re-wrapped under v2 (at boot and by
 * `npm run keys:rotate`), a value no key opens is reported without stopping the others, and once the old
 * key is gone everything still works: the sources connect, a new backup runs, and the backup taken
 * before the rotation still decrypts and verifies (backups use age keys, not the master key).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { drainBackupRead } from "@/lib/backup/read-pipeline";
import { log } from "@/lib/logger";
import { generateMasterKey, isSealed, type Keyring, parseMasterKey, sealSecret } from "@/lib/crypto/secrets";
import { db } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { adapterSecretContext } from "@/server/services/adapters/config-codec";
import { checkAdapterHealth } from "@/server/services/adapters/check-adapter-health";
import { withAdapterContext } from "@/server/services/adapters/with-adapter-context";
import { checkSecretVersions } from "@/server/services/keys/check-secret-versions";
import { rewrapAtBoot } from "@/server/services/keys/rewrap-at-boot";
import { rewrapSecrets } from "@/server/services/keys/rewrap-secrets";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { loadStoredBackup, readStoredBackup } from "@/server/services/storage/stored-backup";
import { makeDestination, makeJob, makeProfile, makeSource, pgConfig, resetEngineDb, servicesAvailable, sftpConfig, unique, waitForRun } from "./engine/fixtures";
import { psql } from "./helpers/native-sql";

const run = servicesAvailable("postgres", "ssh");
const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

const KEY_VARS = ["ENCRYPTION_KEY", "ENCRYPTION_KEY_FILE", "ENCRYPTION_KEY_VERSION", "ENCRYPTION_PREVIOUS_KEYS", "ENCRYPTION_PREVIOUS_KEYS_FILE"] as const;
const saved = Object.fromEntries(KEY_VARS.map((k) => [k, process.env[k]]));

type Keys = { key: string; version: number; previous?: string };
const keyEnv = (k: Keys): Record<string, string | undefined> => ({
  ENCRYPTION_KEY: k.key,
  ENCRYPTION_KEY_FILE: undefined,
  ENCRYPTION_KEY_VERSION: String(k.version),
  ENCRYPTION_PREVIOUS_KEYS: k.previous,
  ENCRYPTION_PREVIOUS_KEYS_FILE: undefined,
});

/** Switches the app's keys, as a restart with a new environment would. */
const useKeys = (k: Keys) => {
  for (const [name, value] of Object.entries(keyEnv(k))) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvForTests();
};

/** Every sealed value stored in the app DB, wherever it lives: `<table>:<id>:<field>` → value. */
const storedSecrets = async (): Promise<Map<string, string>> => {
  const out = new Map<string, string>();
  for (const a of await db.adapterConfig.findMany()) {
    for (const [field, v] of Object.entries(JSON.parse(a.config) as Record<string, unknown>)) {
      if (typeof v === "string" && /^v\d+:/.test(v)) out.set(`adapter:${a.id}:${field}`, v);
    }
  }
  for (const p of await db.encryptionProfile.findMany()) out.set(`profile:${p.id}:identity`, p.identity);
  return out;
};

/** `npm run keys:rotate` as an operator runs it with the app stopped: a separate process, same DATA_DIR/DATABASE_URL. */
const rotateCli = async (keys: Keys, args: string[] = []): Promise<{ code: number; out: string }> => {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(keyEnv(keys))) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  try {
    const r = await exec(TSX, [path.join(ROOT, "scripts", "rotate-keys.ts"), ...args], { cwd: ROOT, env: childEnv, encoding: "utf8" });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, out: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
};

const ring = (version: number, key: string): Keyring => ({ currentVersion: version, keys: new Map([[version, parseMasterKey(key)]]) });

(run ? describe : describe.skip)("master key rotation", () => {
  const u = unique();
  const pgDb = `keyrot_${u}`;
  const sftpDir = `/tmp/bk-keyrot-sftp-${u}`;
  const K1 = generateMasterKey();
  const K2 = generateMasterKey();
  const K3 = generateMasterKey();
  let tmp: string;
  let pgSourceId: string;
  let sftpId: string;
  let jobId: string;
  let oldBackupId: string;
  let profileIdentity: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-keyrot-"));
    useKeys({ key: K1, version: 1 });
    await resetEngineDb();
    psql("postgres", `CREATE DATABASE ${pgDb}`);
    psql(pgDb, "CREATE TABLE t(id int PRIMARY KEY, v text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 2000) g;");
  }, 60_000);

  afterAll(async () => {
    try {
      psql("postgres", `DROP DATABASE IF EXISTS ${pgDb} WITH (FORCE)`);
    } catch {
      // best effort
    }
    await resetEngineDb();
    for (const k of KEY_VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    resetEnvForTests();
    fs.rmSync(sftpDir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("under key v1: every stored secret is sealed as v1, and a real encrypted backup is taken", async () => {
    pgSourceId = (await makeSource("postgres", pgConfig(), `pg-${u}`)).id;
    sftpId = (await makeDestination("sftp", sftpConfig(sftpDir), `sftp-${u}`)).id;
    const local = await makeDestination("local", { path: path.join(tmp, "local") }, `local-${u}`);
    const profile = await makeProfile(tmp);
    profileIdentity = profile.identity;
    const job = await makeJob({ sourceId: pgSourceId, destinationIds: [local.id, sftpId], databases: { mode: "pick", names: [pgDb] }, compression: "zstd", encryptionProfileId: profile.id });
    jobId = job.id;

    const { executionId } = await startBackupRun({ jobId, trigger: "manual", actor: SYSTEM_ACTOR });
    expect((await waitForRun(executionId)).status).toBe("Success");
    const backups = await db.backup.findMany({ where: { executionId } });
    expect(backups).toHaveLength(2);
    oldBackupId = backups.find((b) => b.destinationId === local.id)!.id;

    const secrets = await storedSecrets();
    // the PostgreSQL password, the SFTP private key, the profile's age identity
    expect([...secrets.keys()].sort()).toEqual([`adapter:${pgSourceId}:password`, `adapter:${sftpId}:privateKey`, `profile:${profile.id}:identity`].sort());
    for (const v of secrets.values()) expect(v.startsWith("v1:")).toBe(true);
    expect(await checkSecretVersions()).toMatchObject({ keyVersion: 1, total: 3, stale: 0, byVersion: { "1": 3 }, missingKeys: [] });
    // nothing to do, and boot does nothing without previous keys
    expect(await rewrapAtBoot()).toBeNull();
  }, 120_000);

  it("a new ENCRYPTION_KEY v2 with ENCRYPTION_PREVIOUS_KEYS=1:<old> re-wraps every secret at boot; a value no key opens is reported, not fatal; a second run re-wraps 0", async () => {
    // Two values that no configured key can open: one under a version nobody configured, one tampered v1.
    const orphan = await db.encryptionProfile.create({
      data: { name: `orphan-${u}`, recipient: `age1orphan${u}`, identity: "placeholder" },
    });
    await db.encryptionProfile.update({ where: { id: orphan.id }, data: { identity: sealSecret("AGE-SECRET-KEY-1ORPHAN", ring(9, K3), `profile:${orphan.id}:identity`) } });
    const tampered = await db.adapterConfig.create({ data: { kind: "source", adapterId: "postgres", name: `tampered-${u}`, config: "{}" } });
    const movedFromElsewhere = sealSecret("moved-password", ring(1, K1), adapterSecretContext("another-row", "password"));
    const goodField = sealSecret("fine-user-secret", ring(1, K1), adapterSecretContext(tampered.id, "user"));
    await db.adapterConfig.update({ where: { id: tampered.id }, data: { config: JSON.stringify({ host: "h", password: movedFromElsewhere, user: goodField }) } });

    const before = await db.adapterConfig.findUniqueOrThrow({ where: { id: pgSourceId } });
    useKeys({ key: K2, version: 2, previous: `1:${K1}` });
    expect(await checkSecretVersions()).toMatchObject({ keyVersion: 2, total: 6, stale: 6, byVersion: { "1": 5, "9": 1 }, missingKeys: [9] });

    const info = vi.spyOn(log, "info");
    const r = await rewrapAtBoot();
    expect(info).toHaveBeenCalledWith("re-wrapped 4 secrets under key v2");
    info.mockRestore();
    expect(r).not.toBeNull();
    expect(r!.keyVersion).toBe(2);
    expect(r!.rewrapped).toBe(4);
    expect(r!.kinds).toEqual({
      "adapter-config": { total: 4, rewrapped: 3, current: 0, failed: 1 },
      "encryption-profile": { total: 2, rewrapped: 1, current: 0, failed: 1 },
      "sso-provider": { total: 0, rewrapped: 0, current: 0, failed: 0 },
    });
    expect(r!.failures).toHaveLength(2);
    expect(r!.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "adapter-config", id: tampered.id, field: "password", error: expect.stringMatching(/failed authentication under key v1/) }),
        expect.objectContaining({ kind: "encryption-profile", id: orphan.id, field: "identity", error: expect.stringMatching(/key v9, which is not configured/) }),
      ]),
    );
    // no secret in what is returned or audited
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "keys.rewrap" }, orderBy: { createdAt: "desc" } });
    expect(audit.outcome).toBe("failure");
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({ keyVersion: 2, rewrapped: 4 });
    for (const text of [JSON.stringify(r), audit.details ?? ""]) {
      for (const secret of [pgConfig().password, profileIdentity, "fine-user-secret", "moved-password", K1, K2]) expect(text).not.toContain(secret);
    }

    const secrets = await storedSecrets();
    for (const [where, v] of secrets) {
      if (where === `adapter:${tampered.id}:password`) expect(v).toBe(movedFromElsewhere);
      else if (where === `profile:${orphan.id}:identity`) expect(v.startsWith("v9:")).toBe(true);
      else expect(v.startsWith("v2:"), where).toBe(true);
    }
    // the good field of a row with a bad one was re-wrapped too, and the row was not marked as edited
    expect(JSON.parse((await db.adapterConfig.findUniqueOrThrow({ where: { id: tampered.id } })).config).user).toMatch(/^v2:/);
    const after = await db.adapterConfig.findUniqueOrThrow({ where: { id: pgSourceId } });
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
    expect(after.config).not.toBe(before.config);

    // a second run re-wraps nothing and reports the same two values again
    const again = await rewrapSecrets();
    expect(again.rewrapped).toBe(0);
    expect(again.failures.map((f) => f.id).sort()).toEqual([tampered.id, orphan.id].sort());
    expect(again.kinds["adapter-config"]).toEqual({ total: 4, rewrapped: 0, current: 3, failed: 1 });

    await db.adapterConfig.delete({ where: { id: tampered.id } });
    await db.encryptionProfile.delete({ where: { id: orphan.id } });
    const clean = await rewrapSecrets();
    expect(clean).toMatchObject({ rewrapped: 0, failures: [] });
    expect(await checkSecretVersions()).toMatchObject({ total: 3, stale: 0, byVersion: { "2": 3 }, missingKeys: [] });
  }, 60_000);

  it("with only the new key: the sources connect, a new backup runs, and the backup taken under v1 still decrypts and verifies", async () => {
    useKeys({ key: K2, version: 2 });
    expect(await rewrapAtBoot()).toBeNull();

    expect((await checkAdapterHealth({ id: pgSourceId })).result).toMatchObject({ ok: true });
    expect((await checkAdapterHealth({ id: sftpId })).result).toMatchObject({ ok: true });

    await new Promise((r) => setTimeout(r, 1100)); // a new backup key (seconds resolution)
    const { executionId } = await startBackupRun({ jobId, trigger: "manual", actor: SYSTEM_ACTOR });
    const done = await waitForRun(executionId);
    expect(done.error).toBeNull();
    expect(done.status).toBe("Success");
    const fresh = await db.backup.findMany({ where: { executionId } });
    expect(fresh).toHaveLength(2);

    for (const id of [oldBackupId, ...fresh.map((b) => b.id)]) {
      const sb = await loadStoredBackup(id);
      expect(sb.spec.encrypted).toBe(true);
      const row = await db.backup.findUniqueOrThrow({ where: { id } });
      const r = await withAdapterContext(async (ctx) => drainBackupRead(await readStoredBackup(sb, { mode: "plain", ctx })));
      expect(r.sha256).toBe(row.sha256);
      expect(r.storedBytes).toBe(Number(row.sizeBytes));
      expect(r.outputBytes).toBe(Number(row.rawBytes));
    }
  }, 120_000);

  it("npm run keys:rotate, with the app stopped: --check counts, a rotation re-wraps and says backups are untouched, a failure exits non-zero", async () => {
    const v3 = { key: K3, version: 3, previous: `2:${K2}` };
    const check = await rotateCli(v3, ["--check"]);
    expect(check.code, check.out).toBe(0);
    expect(check.out).toContain("current key v3; previous keys: v2");
    expect(check.out).toContain("3 stored secret(s) (v2: 3)");
    expect(check.out).toContain("3 secret(s) under old key versions (adapter-config: 2, encryption-profile: 1, sso-provider: 0)");
    expect([...(await storedSecrets()).values()].every((v) => v.startsWith("v2:"))).toBe(true); // --check writes nothing

    const rotated = await rotateCli(v3);
    expect(rotated.code, rotated.out).toBe(0);
    expect(rotated.out).toContain("re-wrapped 3 secrets under key v3");
    expect(rotated.out).toContain("ENCRYPTION_PREVIOUS_KEYS can now be removed");
    expect(rotated.out).toContain("Backups are not touched");
    for (const s of [pgConfig().password, profileIdentity, K2, K3]) expect(rotated.out).not.toContain(s);
    const secrets = await storedSecrets();
    expect(secrets.size).toBe(3);
    for (const v of secrets.values()) expect(isSealed(v) && v.startsWith("v3:")).toBe(true);

    const twice = await rotateCli(v3);
    expect(twice.code, twice.out).toBe(0);
    expect(twice.out).toContain("re-wrapped 0 secrets under key v3");

    // a value sealed under a key that is not configured any more: reported by name, exit 1
    const lost = await db.adapterConfig.create({ data: { kind: "source", adapterId: "postgres", name: `lost-${u}`, config: "{}" } });
    await db.adapterConfig.update({
      where: { id: lost.id },
      data: { config: JSON.stringify({ host: "h", password: sealSecret("lost-password", ring(1, K1), adapterSecretContext(lost.id, "password")) }) },
    });
    const failed = await rotateCli({ key: K3, version: 3 });
    expect(failed.code).toBe(1);
    expect(failed.out).toContain(`FAILED adapter-config "lost-${u}" (${lost.id}), field password: secret was sealed with key v1, which is not configured`);
    expect(failed.out).not.toContain("lost-password");
    const checkLost = await rotateCli({ key: K3, version: 3 }, ["--check"]);
    expect(checkLost.code).toBe(1);
    expect(checkLost.out).toContain("secrets under key v1 cannot be opened");
    await db.adapterConfig.delete({ where: { id: lost.id } });
  }, 120_000);
});
