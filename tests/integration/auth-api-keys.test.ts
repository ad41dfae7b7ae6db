/**
 * API keys end to end through the real route handlers: a key acts with its own permissions cut to its
 * owner's group, a Viewer key can change nothing and read no secret through any route, revoked,
 * disabled and expired keys fail, and no key is wider than its creator.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { resolveCaller } from "@/server/http/caller";
import { ALL_PERMISSIONS, type Grant, type Permission } from "@/server/rbac/permissions";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { listApiKeys } from "@/server/services/api-keys/list-api-keys";
import { revokeApiKey, setApiKeyEnabled } from "@/server/services/api-keys/update-api-key";
import { groupId } from "./helpers/db";
import { makeUser } from "./helpers/users";
import { makeDestination, makeJob, makeSource, resetEngineDb, unique, waitForRun } from "./engine/fixtures";

const BASE = "http://localhost:3999";
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const bearer = (key: string) => new Headers({ authorization: `Bearer ${key}`, "user-agent": "curl/8", "content-type": "application/json" });
const grantOf = async (group: string): Promise<Grant> => {
  const g = await db.group.findUniqueOrThrow({ where: { name: group } });
  return { isSuperAdmin: g.isSuperAdmin, permissions: new Set(JSON.parse(g.permissions) as string[]) };
};
const keyFor = async (group: string, permissions: Permission[], expiresInDays: number | null = 30) => {
  const u = await makeUser(group);
  const actor = { kind: "user" as const, userId: u.id, email: u.email };
  const k = await createApiKey({ userId: u.id, grant: await grantOf(group), data: { name: `${group} key`, permissions, expiresInDays }, actor });
  return { user: u, actor, ...k };
};

/** Every route module under src/app/api/v1 with its exported methods and a dummy value per dynamic segment. */
const ROUTES_DIR = path.resolve("src/app/api/v1");
const routeFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : []));

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-apikeys-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
beforeEach(async () => {
  await db.apikey.deleteMany();
  await resetEngineDb();
});

describe("API keys", () => {
  it("a key with jobs:execute starts a run through POST /api/v1/jobs/:id/run, and every use stamps last-used", async () => {
    const sqliteFile = path.join(tmp, `src-${unique()}.db`);
    execFileSync("sqlite3", [sqliteFile, "CREATE TABLE t(v TEXT); INSERT INTO t VALUES ('x');"]);
    const job = await makeJob({
      sourceId: (await makeSource("sqlite", { path: sqliteFile })).id,
      destinationIds: [(await makeDestination("local", { path: path.join(tmp, `dest-${unique()}`) })).id],
      databases: { mode: "all" },
      compression: "none",
    });
    const k = await keyFor("Operator", ["jobs:execute", "jobs:read"]);
    expect(k.key).toMatch(/^bk_/);
    expect((await db.apikey.findUniqueOrThrow({ where: { id: k.id } })).key).not.toContain(k.key.slice(3)); // stored hashed
    const { POST } = await import("@/app/api/v1/jobs/[jobId]/run/route");
    const res = await POST(new Request(`${BASE}/api/v1/jobs/${job.id}/run`, { method: "POST", headers: bearer(k.key) }), ctx({ jobId: job.id }));
    expect(res.status).toBe(202);
    const { executionId } = (await res.json()) as { executionId: string };
    const run = await waitForRun(executionId);
    expect(run).toMatchObject({ status: "Success", trigger: "api", triggeredById: k.user.id });
    const [listed] = await listApiKeys(k.user.id);
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
    expect(listed).toMatchObject({ name: "Operator key", permissions: ["jobs:execute", "jobs:read"], enabled: true });
    expect(JSON.stringify(listed)).not.toContain(k.key);
  });

  it("a Viewer's key cannot run, restore, delete, cancel, import or read secrets through any route", async () => {
    const k = await keyFor("Viewer", ["jobs:read", "history:read", "storage:read", "vault:read"]);
    const secretReads = ["vault/[profileId]/recovery-kit", "backups/[backupId]/download", "config/export"];
    const files = routeFiles(ROUTES_DIR);
    expect(files.length).toBeGreaterThan(5);
    let checked = 0;
    for (const file of files) {
      const rel = path.relative(ROUTES_DIR, path.dirname(file));
      const mod = (await import(file)) as Record<string, unknown>;
      const params = Object.fromEntries([...rel.matchAll(/\[(\w+)\]/g)].map((m) => [m[1]!, "some-id"]));
      for (const method of ["POST", "PUT", "PATCH", "DELETE", "GET"]) {
        const handler = mod[method] as ((req: Request, c: ReturnType<typeof ctx>) => Promise<Response>) | undefined;
        if (!handler) continue;
        if (method === "GET" && !secretReads.includes(rel)) continue; // reads a Viewer may do
        const url = `${BASE}/api/v1/${rel.replace(/\[(\w+)\]/g, "some-id")}`;
        const res = await handler(new Request(url, { method, headers: bearer(k.key), ...(method === "GET" ? {} : { body: "{}" }) }), ctx(params));
        expect([401, 403], `${method} /api/v1/${rel} → ${res.status}`).toContain(res.status);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it("a key is never wider than its owner's group today", async () => {
    const k = await keyFor("Operator", ["jobs:execute"]);
    expect((await resolveCaller(bearer(k.key), { allowApiKey: true }))?.grant.permissions.has("jobs:execute")).toBe(true);
    await db.user.update({ where: { id: k.user.id }, data: { groupId: await groupId("Viewer") } });
    const c = await resolveCaller(bearer(k.key), { allowApiKey: true });
    expect(c?.grant.permissions.has("jobs:execute")).toBe(false);
    expect(c?.grant.isSuperAdmin).toBe(false);
  });

  it("refuses a key wider than its creator", async () => {
    const u = await makeUser("Operator");
    const actor = { kind: "user" as const, userId: u.id, email: u.email };
    await expect(createApiKey({ userId: u.id, grant: await grantOf("Operator"), data: { name: "too wide", permissions: ["jobs:execute", "vault:write"], expiresInDays: 1 }, actor })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.apikey.count()).toBe(0);
    expect(await db.auditLog.count({ where: { action: "apikey.create", outcome: "failure" } })).toBe(1);
    // SuperAdmin may hand out anything, but the key still carries only what was picked.
    const admin = await makeUser("SuperAdmin");
    const k = await createApiKey({ userId: admin.id, grant: { isSuperAdmin: true, permissions: new Set() }, data: { name: "all", permissions: [...ALL_PERMISSIONS], expiresInDays: null }, actor: { kind: "user", userId: admin.id, email: admin.email } });
    const c = await resolveCaller(bearer(k.key), { allowApiKey: true });
    expect(c?.grant.isSuperAdmin).toBe(false);
    expect(c?.grant.permissions.size).toBe(ALL_PERMISSIONS.length);
  });

  it("disabled, revoked, expired or unknown keys fail; a disabled owner takes their keys down", async () => {
    const { GET } = await import("@/app/api/v1/executions/route");
    const call = async (key: string) => (await GET(new Request(`${BASE}/api/v1/executions`, { headers: bearer(key) }), ctx())).status;
    const k = await keyFor("Operator", ["history:read"]);
    expect(await call(k.key)).toBe(200);
    await setApiKeyEnabled({ userId: k.user.id, keyId: k.id, enabled: false, actor: k.actor });
    expect(await call(k.key)).toBe(401);
    await setApiKeyEnabled({ userId: k.user.id, keyId: k.id, enabled: true, actor: k.actor });
    expect(await call(k.key)).toBe(200);
    await db.user.update({ where: { id: k.user.id }, data: { banned: true } });
    expect(await call(k.key)).toBe(401);
    await db.user.update({ where: { id: k.user.id }, data: { banned: false } });
    await revokeApiKey({ userId: k.user.id, keyId: k.id, actor: k.actor });
    expect(await call(k.key)).toBe(401);

    const old = await keyFor("Operator", ["history:read"], 1);
    await db.apikey.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await call(old.key)).toBe(401);
    expect(await call(`bk_${"x".repeat(48)}`)).toBe(401);
    // Another user cannot switch someone else's key.
    const other = await makeUser("Operator");
    const k2 = await keyFor("Operator", ["history:read"]);
    await expect(revokeApiKey({ userId: other.id, keyId: k2.id, actor: { kind: "user", userId: other.id, email: other.email } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
