/**
 * The vault against a real SQLite database: profiles are created and imported with their identity
 * sealed at rest, never exposed in a DTO or audit row, refused with clear messages when malformed or
 * in use, and exported as a recovery kit that the standard `tar` and `age` CLIs can use without Bunker.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { GET as recoveryKitRoute } from "@/app/api/v1/vault/[profileId]/recovery-kit/route";
import { isAgeIdentity } from "@/lib/crypto/age";
import { db } from "@/server/db";
import { unseal } from "@/server/secrets";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { createProfile } from "@/server/services/vault/create-profile";
import { deleteProfile } from "@/server/services/vault/delete-profile";
import { getProfileIdentity } from "@/server/services/vault/get-profile-identity";
import { importProfile } from "@/server/services/vault/import-profile";
import { getProfile, listProfiles } from "@/server/services/vault/list-profiles";
import { renameProfile } from "@/server/services/vault/rename-profile";
import { clearJobData, resetDb } from "./helpers/db";
import { makeUser, signIn } from "./helpers/users";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-vault-"));

beforeEach(async () => {
  await clearJobData();
  await resetDb();
});

afterAll(async () => {
  await clearJobData();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const actor = SYSTEM_ACTOR;
const SECRET = /AGE-SECRET-KEY-1/i;

/** A key pair from the real age-keygen CLI: its file, and the public key it printed ("Public key: …" on stderr). */
const ageKeygen = (name: string): { file: string; text: string; recipient: string } => {
  const file = path.join(tmp, `${name}-${Date.now()}.txt`);
  const r = spawnSync("age-keygen", ["-o", file], { encoding: "utf8" });
  expect(r.status).toBe(0);
  const recipient = /^Public key: (age1\S+)$/m.exec(r.stderr)?.[1];
  if (!recipient) throw new Error(`age-keygen printed no public key: ${r.stderr}`);
  return { file, text: fs.readFileSync(file, "utf8"), recipient };
};

/** A source and a job that encrypts with the profile: the smallest rows that reference it. */
const jobUsing = async (profileId: string, name = "nightly-app") => {
  const source = await db.adapterConfig.create({ data: { kind: "source", adapterId: "sqlite", name: `src-${name}`, config: JSON.stringify({ path: "/tmp/x.db" }) } });
  return db.job.create({ data: { name, slug: name, sourceId: source.id, encryptionProfileId: profileId } });
};

const auditRows = async () => JSON.stringify(await db.auditLog.findMany());

describe("create", () => {
  it("generates a key pair, seals the identity at rest and never returns it", async () => {
    const dto = await createProfile({ data: { name: "Production", description: "Main site" }, actor });
    expect(dto).toMatchObject({ name: "Production", description: "Main site", jobCount: 0, backupCount: 0, jobNames: [] });
    expect(dto.recipient).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
    expect(Object.keys(dto)).not.toContain("identity");
    expect(JSON.stringify(dto)).not.toMatch(SECRET);

    const row = await db.encryptionProfile.findUniqueOrThrow({ where: { id: dto.id } });
    expect(row.identity.startsWith("v1:")).toBe(true);
    expect(row.identity).not.toMatch(SECRET);
    const identity = unseal(row.identity, `profile:${dto.id}:identity`);
    expect(isAgeIdentity(identity)).toBe(true);
    // Bound to its own row: the sealed value does not open under another profile's context.
    expect(() => unseal(row.identity, "profile:other:identity")).toThrow();

    expect(JSON.stringify(await listProfiles())).not.toMatch(SECRET);
    expect(JSON.stringify(await listProfiles())).not.toContain(row.identity);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "vault.create" } });
    expect(audit.resourceId).toBe(dto.id);
    expect(audit.after).toContain(dto.recipient);
    expect(await auditRows()).not.toMatch(SECRET);
  });

  it("refuses a duplicate name with CONFLICT on the name field", async () => {
    await createProfile({ data: { name: "Production", description: null }, actor });
    await expect(createProfile({ data: { name: "Production", description: null }, actor })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'A profile named "Production" already exists.',
      fieldErrors: { name: ["Already in use"] },
    });
    expect(await db.encryptionProfile.count()).toBe(1);
  });
});

describe("import", () => {
  it("takes a whole age-keygen file and derives the same public key the CLI printed", async () => {
    const kg = ageKeygen("import");
    expect(kg.text).toMatch(/^# created: .+\n# public key: age1.+\nAGE-SECRET-KEY-1/);
    const dto = await importProfile({ data: { name: "From CLI", description: null, identity: kg.text }, actor });
    expect(dto.recipient).toBe(kg.recipient);
    const row = await db.encryptionProfile.findUniqueOrThrow({ where: { id: dto.id } });
    expect(row.identity.startsWith("v1:")).toBe(true);
    expect(unseal(row.identity, `profile:${dto.id}:identity`)).toBe(kg.text.trim().split("\n").at(-1));
    expect(await auditRows()).not.toMatch(SECRET);
    expect(await db.auditLog.count({ where: { action: "vault.import", resourceId: dto.id } })).toBe(1);

    // The same key again, even as the bare line under another name, is recognised.
    const bare = kg.text.trim().split("\n").at(-1)!;
    await expect(importProfile({ data: { name: "Again", description: null, identity: bare }, actor })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'This key is already in the vault as "From CLI".',
    });
  });

  it("refuses a malformed key and a public key with clear messages, and stores nothing", async () => {
    const kg = ageKeygen("bad");
    const bare = kg.text.trim().split("\n").at(-1)!;
    await expect(importProfile({ data: { name: "Broken", description: null, identity: bare.slice(0, -4) }, actor })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/^The secret key on line 1 is malformed: it has 70 characters instead of 74\. Check that it was copied whole\.$/),
      fieldErrors: { identity: [expect.any(String)] },
    });
    await expect(importProfile({ data: { name: "Public", description: null, identity: kg.recipient }, actor })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/^This is a public key \(age1…\), which can only encrypt\. To decrypt backups Bunker needs the secret key/),
    });
    await expect(importProfile({ data: { name: "Junk", description: null, identity: "not a key" }, actor })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/No age secret key found/),
    });
    expect(await db.encryptionProfile.count()).toBe(0);
    expect(await db.auditLog.count({ where: { action: { startsWith: "vault." } } })).toBe(0);
  });
});

describe("rename", () => {
  it("changes the name and description, keeps the key, and refuses a taken name", async () => {
    const a = await createProfile({ data: { name: "A", description: null }, actor });
    await createProfile({ data: { name: "B", description: null }, actor });
    const before = await db.encryptionProfile.findUniqueOrThrow({ where: { id: a.id } });
    const after = await renameProfile({ data: { profileId: a.id, name: "Archive 2024", description: "Cold storage" }, actor });
    expect(after).toMatchObject({ id: a.id, name: "Archive 2024", description: "Cold storage", recipient: a.recipient });
    expect((await db.encryptionProfile.findUniqueOrThrow({ where: { id: a.id } })).identity).toBe(before.identity);
    await expect(renameProfile({ data: { profileId: a.id, name: "B", description: null }, actor })).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { name: ["Already in use"] } });
    await expect(renameProfile({ data: { profileId: "nope", name: "C", description: null }, actor })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "vault.update" } });
    expect(JSON.parse(audit.before!)).toMatchObject({ name: "A" });
    expect(JSON.parse(audit.after!)).toMatchObject({ name: "Archive 2024" });
  });
});

describe("delete", () => {
  it("is refused while a job uses the profile, naming the job, and allowed once it no longer does", async () => {
    const p = await createProfile({ data: { name: "Production", description: null }, actor });
    const job = await jobUsing(p.id, "nightly-app");
    expect(await getProfile(p.id)).toMatchObject({ jobCount: 1, jobNames: ["nightly-app"] });
    await expect(deleteProfile({ profileId: p.id, actor })).rejects.toMatchObject({
      code: "CONFLICT",
      message: '"Production" cannot be deleted: it is used by the job "nightly-app": pick another encryption profile for it or delete it first.',
    });
    expect(await db.encryptionProfile.count()).toBe(1);

    await db.job.update({ where: { id: job.id }, data: { encryptionProfileId: null } });
    await deleteProfile({ profileId: p.id, actor });
    expect(await db.encryptionProfile.count()).toBe(0);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "vault.delete" } });
    expect(audit.resourceId).toBe(p.id);
    expect(JSON.parse(audit.before!)).toMatchObject({ name: "Production", recipient: p.recipient });
    expect(await auditRows()).not.toMatch(SECRET);
    await expect(deleteProfile({ profileId: p.id, actor })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is refused while Bunker keeps backups encrypted with it, naming them", async () => {
    const p = await createProfile({ data: { name: "Offsite", description: null }, actor });
    await jobUsing(p.id, "a-job");
    await jobUsing(p.id, "b-job");
    const dest = await db.adapterConfig.create({ data: { kind: "destination", adapterId: "local", name: "nas", config: JSON.stringify({ path: tmp }) } });
    const key = "a-job/2025-01-31/a-job_app_20250131T020000Z.sql.zst.age";
    await db.backup.create({
      data: {
        destinationId: dest.id, databaseName: "app", engine: "sqlite", key, manifestKey: `${key}.manifest.json`,
        sizeBytes: BigInt(10), sha256: "0".repeat(64), compression: "zstd", encryptionProfileId: p.id, recipient: p.recipient, manifest: "{}",
      },
    });
    expect(await getProfile(p.id)).toMatchObject({ jobCount: 2, backupCount: 1 });
    await expect(deleteProfile({ profileId: p.id, actor })).rejects.toMatchObject({
      code: "CONFLICT",
      message:
        `"Offsite" cannot be deleted: it is used by the jobs "a-job" and "b-job": pick another encryption profile for them or delete them first; ` +
        `and 1 backup Bunker keeps was encrypted with it (${key}): without the key it could never be decrypted, so delete that backup first.`,
    });
    await db.job.updateMany({ data: { encryptionProfileId: null } });
    await expect(deleteProfile({ profileId: p.id, actor })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/^"Offsite" cannot be deleted: 1 backup Bunker keeps/) });
    await db.backup.deleteMany();
    await expect(deleteProfile({ profileId: p.id, actor })).resolves.toBeUndefined();
  });
});

describe("export", () => {
  it("returns the identity and audits vault.export with the profile id, never the key", async () => {
    const p = await createProfile({ data: { name: "Production", description: null }, actor });
    const { identity, profile } = await getProfileIdentity({ profileId: p.id, actor });
    expect(isAgeIdentity(identity)).toBe(true);
    expect(profile.id).toBe(p.id);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "vault.export" } });
    expect(audit).toMatchObject({ resourceType: "encryptionProfile", resourceId: p.id, outcome: "success" });
    expect(await auditRows()).not.toContain(identity);
    await expect(getProfileIdentity({ profileId: "missing", actor })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("recovery kit route", () => {
  const ctx = (profileId: string) => ({ params: Promise.resolve({ profileId }) });
  const get = (profileId: string, headers?: Headers) =>
    recoveryKitRoute(new Request(`http://localhost:3999/api/v1/vault/${profileId}/recovery-kit`, { headers }), ctx(profileId));

  it("downloads a tar whose key file decrypts what the age CLI encrypted to the profile", async () => {
    const admin = await makeUser("Admin");
    const headers = await signIn(admin.email);
    const p = await createProfile({ data: { name: "Prod EU", description: null }, actor });

    const res = await get(p.id, headers);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-tar");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="bunker-recovery-kit-prod-eu.tar"');
    expect(res.headers.get("cache-control")).toMatch(/no-store/);
    const kit = path.join(tmp, "kit.tar");
    fs.writeFileSync(kit, Buffer.from(await res.arrayBuffer()));

    expect(execFileSync("tar", ["-tf", kit], { encoding: "utf8" }).trim().split("\n").sort()).toEqual(["README.md", "bunker-prod-eu.key"]);
    const out = fs.mkdtempSync(path.join(tmp, "kit-"));
    execFileSync("tar", ["-xf", kit, "-C", out]);
    const keyFile = path.join(out, "bunker-prod-eu.key");
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(keyFile, "utf8")).toMatch(new RegExp(`^# created: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\n# public key: ${p.recipient}\\nAGE-SECRET-KEY-1[0-9A-Z]{58}\\n$`));
    expect(execFileSync("age-keygen", ["-y", keyFile], { encoding: "utf8" }).trim()).toBe(p.recipient);
    const readme = fs.readFileSync(path.join(out, "README.md"), "utf8");
    expect(readme).toContain(p.recipient);
    expect(readme).toContain("age -d -i bunker-prod-eu.key backup.dump.zst.age | zstd -d | pg_restore -d newdb");
    expect(readme).not.toMatch(SECRET);

    // End to end: the standard CLI encrypts to the recipient, the kit's key file decrypts it.
    const plain = path.join(tmp, "secret-data.txt");
    fs.writeFileSync(plain, "rows and rows of precious data\n");
    execFileSync("age", ["-r", p.recipient, "-o", `${plain}.age`, plain]);
    expect(execFileSync("age", ["-d", "-i", keyFile, `${plain}.age`], { encoding: "utf8" })).toBe("rows and rows of precious data\n");

    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "vault.export" } });
    expect(audit).toMatchObject({ resourceId: p.id, userId: admin.id, ip: "203.0.113.7" });
    expect(await auditRows()).not.toMatch(SECRET);
  });

  it("answers 403 to a Viewer, 401 without a session, 404 for an unknown profile, and exports nothing", async () => {
    const p = await createProfile({ data: { name: "Production", description: null }, actor });
    const viewer = await makeUser("Viewer");
    const forbidden = await get(p.id, await signIn(viewer.email));
    expect(forbidden.status).toBe(403);
    const body = await forbidden.json();
    expect(body).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(body.detail).toMatch(/vault:write/);
    expect(JSON.stringify(body)).not.toMatch(SECRET);

    expect((await get(p.id)).status).toBe(401);
    const admin = await makeUser("Admin");
    const missing = await get("no-such-profile", await signIn(admin.email));
    expect(missing.status).toBe(404);
    expect((await missing.json()).detail).toBe("That encryption profile does not exist.");
    expect(await db.auditLog.count({ where: { action: "vault.export" } })).toBe(0);
  });
});
