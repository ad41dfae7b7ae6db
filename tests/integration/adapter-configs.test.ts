import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { checkAdapterHealth } from "@/server/services/adapters/check-adapter-health";
import { cloneAdapterConfig } from "@/server/services/adapters/clone-adapter-config";
import { createAdapterConfig } from "@/server/services/adapters/create-adapter-config";
import { deleteAdapterConfig } from "@/server/services/adapters/delete-adapter-config";
import { getAdapterConfig, listAdapterConfigs } from "@/server/services/adapters/list-adapter-configs";
import { testAdapterConnection } from "@/server/services/adapters/test-adapter-connection";
import { updateAdapterConfig } from "@/server/services/adapters/update-adapter-config";
import { openConfig, parseStored } from "@/server/services/adapters/config-codec";
import { SOURCES } from "@/adapters/registry";
import { freePort } from "./helpers/adapters";
import { clearJobData, resetDb } from "./helpers/db";
import { describeWithService, env } from "./helpers/services";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-adapters-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

beforeEach(async () => {
  await clearJobData();
  await resetDb();
});

describe("destination configs (local folder)", () => {
  it("creates, lists, checks health ONLINE, and a broken path degrades then goes OFFLINE after 3 failures", async () => {
    const dir = path.join(tmp, "backups-a");
    const dto = await createAdapterConfig({ kind: "destination", data: { adapterId: "local", name: "nas", config: { path: dir } }, actor: SYSTEM_ACTOR });
    expect((await listAdapterConfigs("destination")).map((d) => d.name)).toEqual(["nas"]);
    const ok = await checkAdapterHealth({ id: dto.id });
    expect(ok.status).toBe("ONLINE");
    expect(fs.readdirSync(dir)).toEqual([]); // the probe left nothing behind

    // A regular file where the directory should be: every check fails.
    fs.rmSync(dir, { recursive: true });
    fs.writeFileSync(dir, "not a directory");
    expect((await checkAdapterHealth({ id: dto.id })).status).toBe("DEGRADED");
    expect((await checkAdapterHealth({ id: dto.id })).status).toBe("DEGRADED");
    const third = await checkAdapterHealth({ id: dto.id });
    expect(third.status).toBe("OFFLINE");
    expect(third.result.ok).toBe(false);
    const row = await getAdapterConfig("destination", dto.id);
    expect(row?.consecutiveFailures).toBe(3);
    expect(row?.lastError).toBeTruthy();
    const logs = await db.healthCheckLog.findMany({ where: { adapterConfigId: dto.id }, orderBy: { checkedAt: "asc" } });
    expect(logs.map((l) => l.status)).toEqual(["ONLINE", "DEGRADED", "DEGRADED", "OFFLINE"]);
    expect(logs.every((l) => l.latencyMs !== null)).toBe(true);

    fs.rmSync(dir);
    expect((await checkAdapterHealth({ id: dto.id })).status).toBe("ONLINE");
    expect((await getAdapterConfig("destination", dto.id))?.consecutiveFailures).toBe(0);
  });

  it("refuses a duplicate name, an unknown type and an invalid config with field errors", async () => {
    await createAdapterConfig({ kind: "destination", data: { adapterId: "local", name: "dup", config: { path: path.join(tmp, "d1") } }, actor: SYSTEM_ACTOR });
    await expect(createAdapterConfig({ kind: "destination", data: { adapterId: "local", name: "dup", config: { path: path.join(tmp, "d2") } }, actor: SYSTEM_ACTOR })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(createAdapterConfig({ kind: "destination", data: { adapterId: "ftp", name: "x", config: {} }, actor: SYSTEM_ACTOR })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(createAdapterConfig({ kind: "destination", data: { adapterId: "local", name: "rel", config: { path: "relative/dir" } }, actor: SYSTEM_ACTOR })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { "config.path": expect.any(Array) },
    });
    await expect(createAdapterConfig({ kind: "source", data: { adapterId: "local", name: "wrong kind", config: { path: tmp } }, actor: SYSTEM_ACTOR })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("refuses to delete a destination a job uses, naming the job", async () => {
    const dest = await createAdapterConfig({ kind: "destination", data: { adapterId: "local", name: "used", config: { path: path.join(tmp, "used") } }, actor: SYSTEM_ACTOR });
    const src = await createAdapterConfig({ kind: "source", data: { adapterId: "sqlite", name: "app-db", config: { path: path.join(tmp, "app.db") } }, actor: SYSTEM_ACTOR });
    await db.job.create({ data: { name: "Nightly app", slug: "nightly-app", sourceId: src.id, destinations: { create: [{ destinationId: dest.id }] } } });
    await expect(deleteAdapterConfig({ kind: "destination", id: dest.id, actor: SYSTEM_ACTOR })).rejects.toThrow(/Nightly app/);
    await expect(deleteAdapterConfig({ kind: "source", id: src.id, actor: SYSTEM_ACTOR })).rejects.toThrow(/Nightly app/);
    expect(await db.adapterConfig.count()).toBe(2);
    await db.job.deleteMany();
    await deleteAdapterConfig({ kind: "destination", id: dest.id, actor: SYSTEM_ACTOR });
    expect(await db.adapterConfig.count()).toBe(1);
    expect(await db.auditLog.count({ where: { action: "destination.delete" } })).toBe(1);
  });
});

describeWithService("postgres", "source configs (PostgreSQL): secrets at rest", () => {
  const pg = () => ({ host: env("PGHOST"), port: Number(env("PGPORT")), user: env("PGUSER"), password: env("PGPASSWORD") });

  it("stores the password sealed, never returns it, and the sealed value opens to the original", async () => {
    const dto = await createAdapterConfig({ kind: "source", data: { adapterId: "postgres", name: "pg-main", config: pg() }, actor: SYSTEM_ACTOR });
    const row = await db.adapterConfig.findUniqueOrThrow({ where: { id: dto.id } });
    expect(parseStored(row.config).password).toMatch(/^v1:/);
    expect(parseStored(row.config).password).not.toBe(env("PGPASSWORD"));
    expect(dto.values).not.toHaveProperty("password");
    expect(dto.secretsSet).toEqual(["password"]);
    expect(openConfig(row.id, SOURCES.postgres.configSchema, parseStored(row.config)).password).toBe(env("PGPASSWORD"));
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "source.create" } });
    expect(JSON.parse(audit.after ?? "{}")).not.toHaveProperty("password");
    expect(JSON.parse(audit.after ?? "{}").encryptedFields).toEqual(["password"]);
    expect((await checkAdapterHealth({ id: dto.id })).result).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/^PostgreSQL \d+/) });
  });

  it("an edit with an empty password keeps the stored one; a new password replaces it; a wrong one fails the test", async () => {
    const dto = await createAdapterConfig({ kind: "source", data: { adapterId: "postgres", name: "pg-edit", config: pg() }, actor: SYSTEM_ACTOR });
    await updateAdapterConfig({ kind: "source", data: { id: dto.id, name: "pg-edit", config: { ...pg(), password: "" }, clearSecrets: [] }, actor: SYSTEM_ACTOR });
    expect((await checkAdapterHealth({ id: dto.id })).status).toBe("ONLINE");
    // The form's test uses the stored secret when the field is empty…
    expect(await testAdapterConnection({ kind: "source", data: { id: dto.id, adapterId: "postgres", config: { ...pg(), password: "" }, clearSecrets: [] } })).toMatchObject({ ok: true });
    // …and what was typed when it is not.
    const wrong = await testAdapterConnection({ kind: "source", data: { id: dto.id, adapterId: "postgres", config: { ...pg(), password: "definitely-wrong" }, clearSecrets: [] } });
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.error).toMatch(/password/i);
    await updateAdapterConfig({ kind: "source", data: { id: dto.id, name: "pg-edit", config: { ...pg(), password: "definitely-wrong" }, clearSecrets: [] }, actor: SYSTEM_ACTOR });
    expect((await checkAdapterHealth({ id: dto.id })).status).toBe("DEGRADED");
  });

  it("a clone works on its own (secrets re-sealed for the new id) and gets a free name", async () => {
    const dto = await createAdapterConfig({ kind: "source", data: { adapterId: "postgres", name: "pg-orig", config: pg() }, actor: SYSTEM_ACTOR });
    const c1 = await cloneAdapterConfig({ kind: "source", id: dto.id, actor: SYSTEM_ACTOR });
    const c2 = await cloneAdapterConfig({ kind: "source", id: dto.id, actor: SYSTEM_ACTOR });
    expect([c1.name, c2.name]).toEqual(["pg-orig (copy)", "pg-orig (copy 2)"]);
    expect((await checkAdapterHealth({ id: c1.id })).status).toBe("ONLINE");
    const a = parseStored((await db.adapterConfig.findUniqueOrThrow({ where: { id: dto.id } })).config).password;
    const b = parseStored((await db.adapterConfig.findUniqueOrThrow({ where: { id: c1.id } })).config).password;
    expect(a).not.toBe(b);
  });

  it("an unreachable host is reported, not thrown", async () => {
    const r = await testAdapterConnection({ kind: "source", data: { adapterId: "postgres", config: { ...pg(), port: await freePort() }, clearSecrets: [] } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/reach|refused|connect/i);
  });
});

describeWithService("ssh", "SFTP host key: trust on first use", () => {
  it("pins the host key on the first check and keeps it", async () => {
    const dto = await createAdapterConfig({
      kind: "destination",
      data: { adapterId: "sftp", name: "sftp-pin", config: { host: env("SSH_HOST"), port: Number(env("SSH_PORT")), username: env("SSH_USER"), privateKey: fs.readFileSync(env("SSH_KEY"), "utf8"), path: `/tmp/bk-pin-${process.pid}` } },
      actor: SYSTEM_ACTOR,
    });
    expect(dto.values.hostKeyFingerprint).toBeUndefined();
    expect((await checkAdapterHealth({ id: dto.id })).status).toBe("ONLINE");
    const pinned = (await getAdapterConfig("destination", dto.id))?.values.hostKeyFingerprint;
    expect(pinned).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect((await checkAdapterHealth({ id: dto.id })).status).toBe("ONLINE");
    expect((await getAdapterConfig("destination", dto.id))?.values.hostKeyFingerprint).toBe(pinned);
  });
});
