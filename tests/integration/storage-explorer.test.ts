/**
 * The storage explorer against the real app DB and real local destinations: listing committed backups
 * with filters, sorting and pages; files that are not backups listed apart (orphans, stray manifests,
 * foreign files; never partials) with an unreachable destination reported, not thrown; lock and
 * delete (manifest first, refused while locked, retention skips locked); and who may do what, through
 * the real server actions and routes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { localDestination } from "@/adapters/destinations/local";
import { GET as listRoute } from "@/app/api/v1/backups/route";
import { GET as downloadRoute } from "@/app/api/v1/backups/[backupId]/download/route";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { applyRetention } from "@/server/services/retention/apply-retention";
import { deleteBackup } from "@/server/services/storage/delete-backup";
import { listBackups } from "@/server/services/storage/list-backups";
import { listUnrecognisedFiles } from "@/server/services/storage/list-unrecognised-files";
import { setBackupLocked } from "@/server/services/storage/set-backup-locked";
import { ZListBackupsQuery, type TListBackupsInput } from "@/server/services/storage/storage.schema";
import { makeDestination, makeJob, makeSource, resetEngineDb, unique } from "./engine/fixtures";
import { makeUser, signIn } from "./helpers/users";

// The real server actions, with the request headers of whoever the test signs in as.
const requestHeaders = vi.hoisted(() => ({ current: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => requestHeaders.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
const { deleteBackupAction, setBackupLockedAction, verifyBackupAction } = await import("@/app/(app)/storage/actions");

const USER = { kind: "user" as const, userId: "user-7", email: "ops@example.test" };
const NOW = new Date("2026-11-23T12:00:00Z");
const DAY = 86_400_000;
const list = (q: TListBackupsInput = {}) => listBackups(ZListBackupsQuery.parse(q));
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

describe("storage explorer", () => {
  let tmp: string;
  let dirA: string;
  let dirB: string;
  let destA: string;
  let destB: string;
  let jobShop: { id: string; slug: string; name: string };
  let jobCrm: { id: string; slug: string; name: string };

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-storage-"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  beforeEach(async () => {
    await resetEngineDb();
    dirA = path.join(tmp, `a-${unique()}`);
    dirB = path.join(tmp, `b-${unique()}`);
    destA = (await makeDestination("local", { path: dirA }, `nas-${unique()}`)).id;
    destB = (await makeDestination("local", { path: dirB }, `usb-${unique()}`)).id;
    const src = (await makeSource("sqlite", { path: path.join(tmp, "x.db") }, `src-${unique()}`)).id;
    jobShop = await makeJob({ name: `Shop ${unique()}`, sourceId: src, destinationIds: [destA, destB], databases: { mode: "all" } });
    jobCrm = await makeJob({ name: `Crm ${unique()}`, sourceId: src, destinationIds: [destA], databases: { mode: "all" } });
  });

  /** A committed backup: its data and manifest files on disk and its Backup row. */
  const addBackup = async (o: { job: { id: string; slug: string }; database?: string; dest?: "A" | "B"; daysAgo: number; size?: number; engine?: string; locked?: boolean; verify?: "ok" | "failed" }) => {
    const at = new Date(NOW.getTime() - o.daysAgo * DAY);
    const database = o.database ?? "shop";
    const date = at.toISOString().slice(0, 10);
    const key = `${o.job.slug}/${date}/${o.job.slug}_${database}_${at.getTime()}.sql`;
    const dir = o.dest === "B" ? dirB : dirA;
    fs.mkdirSync(path.join(dir, o.job.slug, date), { recursive: true });
    fs.writeFileSync(path.join(dir, key), "x".repeat(o.size ?? 10));
    fs.writeFileSync(path.join(dir, `${key}.manifest.json`), JSON.stringify({ key }));
    return db.backup.create({
      data: {
        jobId: o.job.id,
        destinationId: o.dest === "B" ? destB : destA,
        databaseName: database,
        engine: o.engine ?? "postgres",
        serverVersion: "15.8",
        key,
        manifestKey: `${key}.manifest.json`,
        sizeBytes: BigInt(o.size ?? 10),
        sha256: "0".repeat(64),
        compression: "none",
        manifest: JSON.stringify({ key }),
        locked: o.locked ?? false,
        createdAt: at,
        ...(o.verify ? { verifiedAt: at, verifyStatus: o.verify, verifyError: o.verify === "failed" ? "sha256 mismatch: the stored file hashes to abc…" : null } : {}),
      },
    });
  };

  describe("listing", () => {
    it("filters by destination, job, engine, database text, verification and lock; sorts; pages without overlap", async () => {
      const a = await addBackup({ job: jobShop, daysAgo: 1, size: 300, verify: "ok" });
      const b = await addBackup({ job: jobShop, daysAgo: 2, size: 100, dest: "B", locked: true });
      const c = await addBackup({ job: jobCrm, database: "customers", daysAgo: 3, size: 200, engine: "mysql", verify: "failed" });
      const d = await addBackup({ job: jobShop, database: "ShopArchive", daysAgo: 4, size: 50 });

      const all = await list();
      expect(all.total).toBe(4);
      expect(all.rows.map((r) => r.id)).toEqual([a.id, b.id, c.id, d.id]); // newest first
      expect(all.rows[0]).toMatchObject({ job: { id: jobShop.id, name: jobShop.name }, databaseName: "shop", engine: "postgres", serverVersion: "15.8", sizeBytes: 300, compression: "none", encryption: null, locked: false, verification: { state: "ok" } });
      expect(all.rows[2]?.verification).toMatchObject({ state: "failed", reason: expect.stringContaining("sha256 mismatch") });
      expect(all.rows[3]?.verification).toEqual({ state: "never" });

      expect((await list({ destinationId: destB })).rows.map((r) => r.id)).toEqual([b.id]);
      expect((await list({ jobId: jobCrm.id })).rows.map((r) => r.id)).toEqual([c.id]);
      expect((await list({ engine: "mysql" })).rows.map((r) => r.id)).toEqual([c.id]);
      expect((await list({ database: "shop" })).rows.map((r) => r.id)).toEqual([a.id, b.id, d.id]); // case-insensitive "contains"
      expect((await list({ verify: "never" })).rows.map((r) => r.id)).toEqual([b.id, d.id]);
      expect((await list({ verify: "ok" })).rows.map((r) => r.id)).toEqual([a.id]);
      expect((await list({ verify: "failed" })).rows.map((r) => r.id)).toEqual([c.id]);
      expect((await list({ locked: "yes" })).rows.map((r) => r.id)).toEqual([b.id]);
      expect((await list({ locked: "no", jobId: jobShop.id })).rows.map((r) => r.id)).toEqual([a.id, d.id]);
      // "" from a GET form means "any"
      expect((await list({ destinationId: "", verify: "", locked: "" } as TListBackupsInput)).total).toBe(4);

      expect((await list({ sort: "size", dir: "desc" })).rows.map((r) => r.sizeBytes)).toEqual([300, 200, 100, 50]);
      expect((await list({ sort: "size", dir: "asc" })).rows.map((r) => r.sizeBytes)).toEqual([50, 100, 200, 300]);
      expect((await list({ sort: "created", dir: "asc" })).rows.map((r) => r.id)).toEqual([d.id, c.id, b.id, a.id]);
      expect((await list({ sort: "database", dir: "asc" })).rows.map((r) => r.databaseName)).toEqual(["customers", "shop", "shop", "ShopArchive"].sort());
      const byJob = (await list({ sort: "job", dir: "asc" })).rows.map((r) => r.job?.name);
      expect(byJob).toEqual([...byJob].sort());

      const p1 = await list({ pageSize: 3 });
      const p2 = await list({ pageSize: 3, page: 2 });
      expect(p1).toMatchObject({ total: 4, page: 1, pageCount: 2 });
      expect(p2.rows.map((r) => r.id)).toEqual([d.id]);
      expect(new Set([...p1.rows, ...p2.rows].map((r) => r.id)).size).toBe(4);
      // a page past the end shows the last page
      expect((await list({ pageSize: 3, page: 9 })).page).toBe(2);
      expect(ZListBackupsQuery.safeParse({ sort: "nope" }).success).toBe(false);
    });

    it("shows the profile name, and the recipient once the profile is gone", async () => {
      const profile = await db.encryptionProfile.create({ data: { name: "Shop key", recipient: "age1exampleexampleexampleexampleexample", identity: "sealed" } });
      const x = await addBackup({ job: jobShop, daysAgo: 1 });
      await db.backup.update({ where: { id: x.id }, data: { encryptionProfileId: profile.id, recipient: profile.recipient } });
      expect((await list()).rows[0]?.encryption).toEqual({ profileId: profile.id, profileName: "Shop key", recipient: profile.recipient });
      await db.encryptionProfile.delete({ where: { id: profile.id } });
      expect((await list()).rows[0]?.encryption).toEqual({ profileId: null, profileName: null, recipient: profile.recipient });
    });

    it("the API lists for storage:read and refuses without a session", async () => {
      await addBackup({ job: jobShop, daysAgo: 1 });
      const viewer = await makeUser("Viewer");
      const ok = await listRoute(new Request("http://localhost:3999/api/v1/backups?sort=size", { headers: await signIn(viewer.email) }), ctx());
      expect(ok.status).toBe(200);
      expect((await ok.json()).total).toBe(1);
      expect((await listRoute(new Request("http://localhost:3999/api/v1/backups"), ctx())).status).toBe(401);
    });
  });

  describe("unrecognised files", () => {
    const put = (dir: string, key: string, body = "orphan", ageMs = 0) => {
      const file = path.join(dir, ...key.split("/"));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, body);
      const t = new Date(Date.now() - ageMs);
      fs.utimesSync(file, t, t);
    };

    it("lists what is not a backup, apart, with what the orphan GC will do; never backups or partials", async () => {
      const backup = await addBackup({ job: jobShop, daysAgo: 1 });
      put(dirA, "shop/2026-11-20/shop_db_20261120T000000Z.sql.zst", "half an upload", 2 * DAY); // uncommitted, old
      put(dirA, "shop/2026-11-22/shop_db_20261122T000000Z.sql.zst", "fresh"); // uncommitted, young
      put(dirA, "shop/2026-11-19/shop_db_x.sql.manifest.json", "{}"); // manifest without row or data
      put(dirA, "shop/2026-11-18/shop_db_y.sql", "data"); // data + manifest, no row
      put(dirA, "shop/2026-11-18/shop_db_y.sql.manifest.json", "{}");
      put(dirA, "notes/readme.txt", "hello"); // someone else's
      put(dirA, "shop/2026-11-21/shop_db_z.sql.partial-0123456789abcdef", "in progress"); // Bunker's partial: hidden

      const [a, b] = await listUnrecognisedFiles();
      const byName = (await db.adapterConfig.findUniqueOrThrow({ where: { id: destA } })).name;
      expect(a?.destination.name).toBe(byName);
      expect(a?.ok).toBe(true);
      const kinds = Object.fromEntries((a?.files ?? []).map((f) => [f.key, f.kind]));
      expect(kinds).toEqual({
        "shop/2026-11-20/shop_db_20261120T000000Z.sql.zst": "uncommitted",
        "shop/2026-11-22/shop_db_20261122T000000Z.sql.zst": "uncommitted",
        "shop/2026-11-19/shop_db_x.sql.manifest.json": "manifest",
        "shop/2026-11-18/shop_db_y.sql": "unrecorded",
        "shop/2026-11-18/shop_db_y.sql.manifest.json": "manifest",
        "notes/readme.txt": "foreign",
      });
      expect(kinds[backup.key]).toBeUndefined();
      expect(kinds[backup.manifestKey]).toBeUndefined();
      const old = a?.files.find((f) => f.key.includes("20261120"));
      expect(old).toMatchObject({ size: "half an upload".length, gcAt: expect.any(String) });
      expect(a?.count).toBe(6);
      expect(b).toMatchObject({ ok: true, count: 0, files: [] });

      // Only one destination, when asked
      expect((await listUnrecognisedFiles({ destinationId: destB })).map((d) => d.destination.id)).toEqual([destB]);
    });

    it("a destination that cannot be listed reports its error; the others are still listed", async () => {
      put(dirB, "stray.bin", "x");
      vi.spyOn(localDestination, "list").mockImplementation(async (config) => {
        if (config.path === dirA) throw new Error("connect ECONNREFUSED 10.0.0.9:22");
        return [{ key: "stray.bin", size: 1, modifiedAt: new Date() }];
      });
      const out = await listUnrecognisedFiles();
      const a = out.find((d) => d.destination.id === destA);
      const b = out.find((d) => d.destination.id === destB);
      expect(a).toMatchObject({ ok: false, error: expect.stringContaining("ECONNREFUSED"), files: [] });
      expect(b).toMatchObject({ ok: true, count: 1 });
    });
  });

  describe("lock and delete", () => {
    it("a locked backup cannot be deleted (clear message); unlocked, the manifest goes first, then data, then the row", async () => {
      const x = await addBackup({ job: jobShop, daysAgo: 1 });
      expect(await setBackupLocked({ backupId: x.id, locked: true, actor: USER })).toEqual({ id: x.id, locked: true });
      await expect(deleteBackup({ backupId: x.id, actor: USER })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("unlock it first") });
      expect(fs.existsSync(path.join(dirA, x.key))).toBe(true);
      expect(await db.backup.count({ where: { id: x.id } })).toBe(1);

      await setBackupLocked({ backupId: x.id, locked: false, actor: USER });
      const del = vi.spyOn(localDestination, "delete");
      expect(await deleteBackup({ backupId: x.id, actor: USER })).toEqual({ id: x.id, key: x.key });
      expect(del.mock.calls.map((c) => c[1])).toEqual([x.manifestKey, x.key]);
      expect(fs.existsSync(path.join(dirA, x.key))).toBe(false);
      expect(fs.existsSync(path.join(dirA, x.manifestKey))).toBe(false);
      expect(await db.backup.count({ where: { id: x.id } })).toBe(0);

      const audits = await db.auditLog.findMany({ where: { resourceId: x.id }, orderBy: { id: "asc" } });
      expect(audits.map((a) => [a.action, a.outcome])).toEqual([
        ["backup.lock", "success"],
        ["backup.delete", "failure"],
        ["backup.unlock", "success"],
        ["backup.delete", "success"],
      ]);
      expect(JSON.parse(audits[3]?.details ?? "{}")).toMatchObject({ key: x.key });
      await expect(deleteBackup({ backupId: x.id, actor: USER })).rejects.toMatchObject({ code: "NOT_FOUND" });
    });

    it("a destination that fails the delete keeps the row (the backup stays listed)", async () => {
      const x = await addBackup({ job: jobShop, daysAgo: 1 });
      vi.spyOn(localDestination, "delete").mockRejectedValueOnce(new Error("EACCES: permission denied"));
      await expect(deleteBackup({ backupId: x.id, actor: USER })).rejects.toMatchObject({ code: "UNAVAILABLE", message: expect.stringContaining("permission denied") });
      expect(await db.backup.count({ where: { id: x.id } })).toBe(1);
    });

    it("retention leaves a locked backup alone", async () => {
      await db.job.update({ where: { id: jobShop.id }, data: { retention: JSON.stringify({ mode: "count", keep: 1 }) } });
      const newest = await addBackup({ job: jobShop, daysAgo: 1 });
      const older = await addBackup({ job: jobShop, daysAgo: 2 });
      const oldest = await addBackup({ job: jobShop, daysAgo: 3 });
      await setBackupLocked({ backupId: oldest.id, locked: true, actor: SYSTEM_ACTOR });
      const r = await applyRetention({ jobId: jobShop.id, now: NOW });
      expect(r.deleted).toBe(1);
      const left = (await db.backup.findMany({ select: { id: true } })).map((b) => b.id).sort();
      expect(left).toEqual([newest.id, oldest.id].sort());
      expect(fs.existsSync(path.join(dirA, older.key))).toBe(false);
      expect(fs.existsSync(path.join(dirA, oldest.key))).toBe(true);
    });
  });

  describe("permissions", () => {
    it("a Viewer can list but not verify, lock, delete or download; an Operator downloads but cannot delete", async () => {
      const x = await addBackup({ job: jobShop, daysAgo: 1 });
      const viewer = await makeUser("Viewer");
      requestHeaders.current = await signIn(viewer.email);
      for (const r of [
        await verifyBackupAction({ backupId: x.id }),
        await setBackupLockedAction({ backupId: x.id, locked: true }),
        await deleteBackupAction({ backupId: x.id }),
      ]) {
        expect(r).toMatchObject({ ok: false, code: "FORBIDDEN" });
      }
      const url = `http://localhost:3999/api/v1/backups/${x.id}/download?format=raw`;
      expect((await downloadRoute(new Request(url, { headers: requestHeaders.current }), ctx({ backupId: x.id }))).status).toBe(403);
      expect((await downloadRoute(new Request(url), ctx({ backupId: x.id }))).status).toBe(401);

      const operator = await makeUser("Operator");
      requestHeaders.current = await signIn(operator.email);
      expect(await deleteBackupAction({ backupId: x.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(await setBackupLockedAction({ backupId: x.id, locked: true })).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(await db.backup.findUniqueOrThrow({ where: { id: x.id } })).toMatchObject({ locked: false });
      expect(fs.existsSync(path.join(dirA, x.key))).toBe(true);

      const admin = await makeUser("Admin");
      requestHeaders.current = await signIn(admin.email);
      expect(await setBackupLockedAction({ backupId: x.id, locked: true })).toMatchObject({ ok: true, data: { locked: true } });
      expect(await deleteBackupAction({ backupId: x.id })).toMatchObject({ ok: false, code: "CONFLICT" });
      expect(await setBackupLockedAction({ backupId: x.id, locked: false })).toMatchObject({ ok: true });
      expect(await deleteBackupAction({ backupId: x.id })).toMatchObject({ ok: true });
      expect(await db.auditLog.findFirst({ where: { action: "backup.delete", resourceId: x.id, outcome: "success" } })).toMatchObject({ userId: admin.id });
      const gone = await downloadRoute(new Request(url, { headers: requestHeaders.current }), ctx({ backupId: x.id }));
      expect(gone.status).toBe(404);
    });
  });
});
