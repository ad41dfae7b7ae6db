/**
 * Verification and downloads of real backups (a PostgreSQL database through pg_dump, zstd, age; an
 * SQLite one with gzip and no encryption) on a local destination: the read-back right after upload,
 * raw and plain downloads through the route compared with the stored file and with the age and zstd
 * CLIs, a flipped byte caught by verification and aborting downloads, a wrong key told apart from a
 * missing one, the scheduled task, and a destination whose read-back differs failing that destination.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Transform } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { localDestination } from "@/adapters/destinations/local";
import { GET as downloadRoute } from "@/app/api/v1/backups/[backupId]/download/route";
import { generateAgeKeyPair } from "@/lib/crypto/age";
import { db } from "@/server/db";
import { seal } from "@/server/secrets";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { verifyBackup } from "@/server/services/storage/verify-backup";
import { summarizeVerifyDue, verifyDueBackups } from "@/server/services/storage/verify-due-backups";
import { runSystemTaskNow } from "@/server/services/system-tasks/run-system-task-now";
import {
  decryptAndDecompress, filesUnder, makeDestination, makeJob, makeProfile, makeSource, metadataOf, pgConfig, resetEngineDb, runLogs, servicesAvailable, unique, waitForRun,
} from "./engine/fixtures";
import { psql } from "./helpers/native-sql";
import { makeUser, signIn } from "./helpers/users";

const run = servicesAvailable("postgres");
const DB = `storage_vd_${process.pid}`;
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

/** The whole body, or how far it got before the stream failed. */
const readBody = async (res: Response): Promise<{ ok: boolean; bytes: Buffer; error?: unknown }> => {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Buffer[] = [];
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) return { ok: true, bytes: Buffer.concat(chunks) };
      chunks.push(Buffer.from(r.value));
    }
  } catch (error) {
    return { ok: false, bytes: Buffer.concat(chunks), error };
  }
};

/** Flips one byte of a file in place and gives back a function that flips it back. */
const flipByte = (file: string, at: number): (() => void) => {
  const fd = fs.openSync(file, "r+");
  const b = Buffer.alloc(1);
  fs.readSync(fd, b, 0, 1, at);
  const orig = b[0] as number;
  fs.writeSync(fd, Buffer.from([orig ^ 0xff]), 0, 1, at);
  fs.closeSync(fd);
  return () => {
    const fd2 = fs.openSync(file, "r+");
    fs.writeSync(fd2, Buffer.from([orig]), 0, 1, at);
    fs.closeSync(fd2);
  };
};

(run ? describe : describe.skip)("storage: verification and downloads", () => {
  let tmp: string;
  let destDir: string;
  let destId: string;
  let profile: Awaited<ReturnType<typeof makeProfile>>;
  let pgBackup: { id: string; key: string; sizeBytes: bigint };
  let sqliteBackup: { id: string; key: string };
  let sqliteFile: string;
  let sqliteSourceId: string;
  let headers: Headers;
  let adminId: string;

  const storedFile = (key: string) => path.join(destDir, ...key.split("/"));
  const download = (id: string, format: string, h: Headers = headers) =>
    downloadRoute(new Request(`http://localhost:3999/api/v1/backups/${id}/download?format=${format}`, { headers: h }), ctx({ backupId: id }));

  const runJob = async (jobId: string) => {
    const { executionId } = await startBackupRun({ jobId, trigger: "manual", actor: SYSTEM_ACTOR });
    return { executionId, execution: await waitForRun(executionId, 120_000) };
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-storage-vd-"));
    psql("postgres", `DROP DATABASE IF EXISTS ${DB}`);
    psql("postgres", `CREATE DATABASE ${DB}`);
    // A few MB, so the stored file spans many 64 KiB age chunks.
    psql(DB, "CREATE TABLE orders (id bigserial PRIMARY KEY, note text); INSERT INTO orders (note) SELECT md5(i::text) || repeat('x', 40) FROM generate_series(1, 60000) i;");
    sqliteFile = path.join(tmp, "shop.db");
    execFileSync("sqlite3", [sqliteFile, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000) INSERT INTO t SELECT x, 'v' || x FROM c;"]);

    await resetEngineDb();
    destDir = path.join(tmp, "nas");
    destId = (await makeDestination("local", { path: destDir }, `nas-${unique()}`)).id;
    profile = await makeProfile(tmp);
    const pgSource = (await makeSource("postgres", pgConfig(), `pg-${unique()}`)).id;
    const pgJob = await makeJob({ name: `Orders ${unique()}`, sourceId: pgSource, destinationIds: [destId], databases: { mode: "pick", names: [DB] }, compression: "zstd", encryptionProfileId: profile.id });
    const r1 = await runJob(pgJob.id);
    expect(r1.execution.status, (await runLogs(r1.executionId)).join("\n")).toBe("Success");
    pgBackup = await db.backup.findFirstOrThrow({ where: { jobId: pgJob.id } });

    sqliteSourceId = (await makeSource("sqlite", { path: sqliteFile }, `sqlite-${unique()}`)).id;
    const sqJob = await makeJob({ name: `Shop ${unique()}`, sourceId: sqliteSourceId, destinationIds: [destId], databases: { mode: "all" }, compression: "gzip" });
    const r2 = await runJob(sqJob.id);
    expect(r2.execution.status).toBe("Success");
    sqliteBackup = await db.backup.findFirstOrThrow({ where: { jobId: sqJob.id } });

    const admin = await makeUser("Admin");
    adminId = admin.id;
    headers = await signIn(admin.email);
  }, 180_000);

  afterAll(() => {
    psql("postgres", `DROP DATABASE IF EXISTS ${DB}`);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  afterEach(() => vi.restoreAllMocks());

  it("each upload was read back before its manifest: the row is verified and the run log says so", async () => {
    const row = await db.backup.findUniqueOrThrow({ where: { id: pgBackup.id } });
    expect(row.verifyStatus).toBe("ok");
    expect(row.verifiedAt).toBeInstanceOf(Date);
    expect(row.verifyError).toBeNull();
    const logs = await runLogs(row.executionId as string);
    expect(logs.some((l) => /^info .*: verified nas-\S+ \(local\): read back \d/.test(l))).toBe(true);
  });

  it("raw download: the stored bytes, with Content-Length and a safe file name; audited", async () => {
    const res = await download(pgBackup.id, "raw");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(pgBackup.sizeBytes));
    const name = pgBackup.key.slice(pgBackup.key.lastIndexOf("/") + 1);
    expect(name).toMatch(/\.dump\.zst\.age$/);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${name}"`);
    const body = await readBody(res);
    expect(body.ok).toBe(true);
    expect(body.bytes.equals(fs.readFileSync(storedFile(pgBackup.key)))).toBe(true);
    const audit = await db.auditLog.findFirst({ where: { action: "backup.download", resourceId: pgBackup.id }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ userId: adminId, resourceType: "backup" });
    expect(JSON.parse(audit?.details ?? "{}")).toMatchObject({ key: pgBackup.key, format: "raw" });
    expect(audit?.details).not.toMatch(/AGE-SECRET-KEY/);
  });

  it("plain download: decrypted and decompressed, the same bytes age -d | zstd -d give; a file name without .age/.zst", async () => {
    const res = await download(pgBackup.id, "plain");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBeNull();
    expect(res.headers.get("content-disposition")).toMatch(/filename="[^"]+\.dump"$/);
    const body = await readBody(res);
    expect(body.ok).toBe(true);
    const cli = fs.readFileSync(decryptAndDecompress(storedFile(pgBackup.key), profile.identityFile, "zstd", true));
    expect(body.bytes.equals(cli)).toBe(true);
    expect(body.bytes.subarray(0, 5).toString()).toBe("PGDMP"); // what pg_dump -Fc writes
  });

  it("404 for an unknown backup, 400 for an unknown format", async () => {
    expect((await download("nope", "raw")).status).toBe(404);
    expect((await download(pgBackup.id, "zip")).status).toBe(400);
  });

  it("verifyBackup: a full pass (plain), recorded; audited for a person, not for the system", async () => {
    const r = await verifyBackup({ backupId: pgBackup.id, actor: { kind: "user", userId: adminId, email: "a@example.test" } });
    expect(r).toMatchObject({ status: "ok", mode: "plain", note: null, error: null, storedBytes: Number(pgBackup.sizeBytes) });
    const row = await db.backup.findUniqueOrThrow({ where: { id: pgBackup.id } });
    expect(row.verifiedAt?.toISOString()).toBe(r.verifiedAt);
    expect(await db.auditLog.count({ where: { action: "backup.verify", resourceId: pgBackup.id } })).toBe(1);
    await verifyBackup({ backupId: pgBackup.id, actor: SYSTEM_ACTOR });
    expect(await db.auditLog.count({ where: { action: "backup.verify", resourceId: pgBackup.id } })).toBe(1);
    await expect(verifyBackup({ backupId: "nope", actor: SYSTEM_ACTOR })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("one flipped byte: verification fails with an authentication error, and both downloads abort instead of ending", async () => {
    const file = storedFile(pgBackup.key);
    const restore = flipByte(file, Math.floor(fs.statSync(file).size / 2));
    try {
      const r = await verifyBackup({ backupId: pgBackup.id, actor: SYSTEM_ACTOR });
      expect(r.status).toBe("failed");
      expect(r.error).toMatch(/failed authentication|sha256 mismatch/);
      expect(await db.backup.findUniqueOrThrow({ where: { id: pgBackup.id } })).toMatchObject({ verifyStatus: "failed", verifyError: r.error });

      const raw = await readBody(await download(pgBackup.id, "raw"));
      expect(raw.ok).toBe(false);
      expect(raw.bytes.length).toBeLessThan(Number(pgBackup.sizeBytes)); // the tail is held back: never a complete corrupted file
      const plain = await readBody(await download(pgBackup.id, "plain"));
      expect(plain.ok).toBe(false);
    } finally {
      restore();
    }
    expect((await verifyBackup({ backupId: pgBackup.id, actor: SYSTEM_ACTOR })).status).toBe("ok");
  });

  it("an unencrypted backup with a flipped byte: sha256 mismatch (or a damaged gzip stream)", async () => {
    const file = storedFile(sqliteBackup.key);
    const restore = flipByte(file, Math.floor(fs.statSync(file).size / 2));
    try {
      const r = await verifyBackup({ backupId: sqliteBackup.id, actor: SYSTEM_ACTOR });
      expect(r.status).toBe("failed");
      expect(r.error).toMatch(/sha256 mismatch|gzip: .*damaged/);
      const raw = await readBody(await download(sqliteBackup.id, "raw"));
      expect(raw.ok).toBe(false);
    } finally {
      restore();
    }
  });

  it("a wrong key is told apart from a missing key", async () => {
    const original = await db.encryptionProfile.findUniqueOrThrow({ where: { id: profile.id } });
    // The profile now holds a different key: decryption is attempted and refused.
    const other = await generateAgeKeyPair();
    await db.encryptionProfile.update({ where: { id: profile.id }, data: { recipient: other.recipient, identity: seal(other.identity, `profile:${profile.id}:identity`) } });
    try {
      const wrong = await verifyBackup({ backupId: pgBackup.id, actor: SYSTEM_ACTOR });
      expect(wrong).toMatchObject({ status: "failed", mode: "plain" });
      expect(wrong.error).toMatch(/^wrong key/);

      // No profile has the key at all: only the sha256 and size can be checked, and the result says so.
      await db.backup.update({ where: { id: pgBackup.id }, data: { encryptionProfileId: null } });
      const raw = await verifyBackup({ backupId: pgBackup.id, actor: SYSTEM_ACTOR });
      expect(raw).toMatchObject({ status: "ok", mode: "raw", error: null });
      expect(raw.note).toMatch(/only the sha256 and size were checked: .*no encryption profile in the vault has that key/);
      expect((await download(pgBackup.id, "plain")).status).toBe(412);
      expect((await download(pgBackup.id, "raw")).status).toBe(200);
    } finally {
      await db.encryptionProfile.update({ where: { id: profile.id }, data: { recipient: original.recipient, identity: original.identity } });
      await db.backup.update({ where: { id: pgBackup.id }, data: { encryptionProfileId: profile.id } });
    }
  });

  it("scheduled verification: never-verified and stale backups, oldest first, bounded; a summary line", async () => {
    const old = new Date(Date.now() - 40 * 86_400_000);
    await db.backup.update({ where: { id: pgBackup.id }, data: { verifiedAt: null, verifyStatus: null } });
    await db.backup.update({ where: { id: sqliteBackup.id }, data: { verifiedAt: old, verifyStatus: "ok" } });
    const one = await verifyDueBackups({ limit: 1 });
    expect(one).toMatchObject({ verified: 1, failed: 0, remaining: 1 });
    expect((await db.backup.findUniqueOrThrow({ where: { id: pgBackup.id } })).verifiedAt).not.toBeNull(); // never verified goes first
    expect(summarizeVerifyDue(one)).toBe("1 backup verified; 1 still due");

    const file = storedFile(sqliteBackup.key);
    const restore = flipByte(file, 10);
    try {
      const task = await runSystemTaskNow({ id: "verify-backups", actor: SYSTEM_ACTOR });
      expect(task.ok).toBe(false);
      expect(task.summary).toMatch(new RegExp(`^1 backup verified, 1 failed: ${sqliteBackup.key.replace(/[.]/g, "\\.")} on nas-\\S+: `));
    } finally {
      restore();
    }
    // Nothing is due now (both were verified moments ago), whatever the outcome
    expect(await verifyDueBackups()).toEqual({ verified: 0, failed: 0, failures: [], remaining: 0 });
  });

  describe("verification right after upload", () => {
    const corruptingRead = (dir: string) => {
      const real = localDestination.read.bind(localDestination);
      return vi.spyOn(localDestination, "read").mockImplementation(async (config, key, c) => {
        const stream = await real(config, key, c);
        if (config.path !== dir) return stream;
        let seen = 0;
        const flip = new Transform({
          transform(chunk: Buffer, _e, cb) {
            const copy = Buffer.from(chunk);
            if (seen === 0 && copy.length > 20) copy[20] = (copy[20] as number) ^ 0x01;
            seen += copy.length;
            cb(null, copy);
          },
        });
        return stream.pipe(flip);
      });
    };

    it("a destination whose read-back differs fails alone: its object is removed and no manifest or row is written", async () => {
      const badDir = path.join(tmp, `bad-${unique()}`);
      const badId = (await makeDestination("local", { path: badDir }, `flaky-${unique()}`)).id;
      const job = await makeJob({ name: `Twice ${unique()}`, sourceId: sqliteSourceId, destinationIds: [destId, badId], databases: { mode: "all" }, compression: "zstd" });
      corruptingRead(badDir);
      const { executionId, execution } = await runJob(job.id);
      expect(execution.status).toBe("Partial");
      const dests = metadataOf(execution).databases[0]?.destinations ?? [];
      expect(dests.find((d) => d.id === badId)).toMatchObject({ status: "failed", error: expect.stringMatching(/^verification after upload failed: sha256 mismatch/) });
      expect(dests.find((d) => d.id === destId)).toMatchObject({ status: "ok" });
      expect(filesUnder(badDir)).toEqual([]);
      const rows = await db.backup.findMany({ where: { jobId: job.id } });
      expect(rows.map((r) => r.destinationId)).toEqual([destId]);
      expect(rows[0]).toMatchObject({ verifyStatus: "ok" });
      expect((await runLogs(executionId)).some((l) => l.startsWith("error ") && l.includes("verification after upload failed"))).toBe(true);
    });

    it("with backups.verifyAfterUpload off nothing is read back and the row is not marked verified", async () => {
      await db.systemSetting.upsert({ where: { key: "backups.verifyAfterUpload" }, create: { key: "backups.verifyAfterUpload", value: "false" }, update: { value: "false" } });
      try {
        const job = await makeJob({ name: `Unchecked ${unique()}`, sourceId: sqliteSourceId, destinationIds: [destId], databases: { mode: "all" }, compression: "none" });
        const read = vi.spyOn(localDestination, "read");
        const { execution } = await runJob(job.id);
        expect(execution.status).toBe("Success");
        expect(read).not.toHaveBeenCalled();
        expect(await db.backup.findFirstOrThrow({ where: { jobId: job.id } })).toMatchObject({ verifiedAt: null, verifyStatus: null });
      } finally {
        await db.systemSetting.delete({ where: { key: "backups.verifyAfterUpload" } });
      }
    });
  });
});
