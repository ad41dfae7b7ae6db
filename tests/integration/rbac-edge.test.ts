import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { GET as health } from "@/app/api/health/route";
import { GET as listUsersRoute, POST as createUserRoute } from "@/app/api/v1/users/route";
import { db } from "@/server/db";
import { runAction } from "@/server/http/action";
import { groupId, resetDb } from "./helpers/db";
import { callerFor, makeUser, PASSWORD, signIn } from "./helpers/users";

const ctx = { params: Promise.resolve({}) };
const post = (headers: Headers, body: unknown) =>
  new Request("http://localhost:3999/api/v1/users", { method: "POST", headers: { ...Object.fromEntries(headers), "content-type": "application/json" }, body: JSON.stringify(body) });

beforeEach(resetDb);

describe("route wrapper", () => {
  it("answers 401 problem+json without a session", async () => {
    const res = await listUsersRoute(new Request("http://localhost:3999/api/v1/users"), ctx);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
  });

  it("refuses a Viewer posting to an admin route with 403, and nothing changes", async () => {
    const viewer = await makeUser("Viewer");
    const headers = await signIn(viewer.email);
    const before = await db.user.count();
    const res = await createUserRoute(post(headers, { name: "Sneaky", email: "sneaky@example.test", password: PASSWORD, groupId: await groupId("SuperAdmin") }), ctx);
    expect(res.status).toBe(403);
    expect((await res.json()).detail).toMatch(/users:write/);
    expect(await db.user.count()).toBe(before);
    expect(await db.user.count({ where: { email: "sneaky@example.test" } })).toBe(0);
  });

  it("lets an Admin create a user, and validates the body with field errors", async () => {
    const admin = await makeUser("Admin");
    const headers = await signIn(admin.email);
    const bad = await createUserRoute(post(headers, { name: "", email: "not-an-email", password: "short", groupId: "" }), ctx);
    expect(bad.status).toBe(400);
    const problem = await bad.json();
    expect(Object.keys(problem.errors)).toEqual(expect.arrayContaining(["name", "email", "password", "groupId"]));
    const ok = await createUserRoute(post(headers, { name: "New Op", email: "newop@example.test", password: PASSWORD, groupId: await groupId("Operator") }), ctx);
    expect(ok.status).toBe(201);
    const body = await ok.json();
    expect(body.user).toMatchObject({ email: "newop@example.test", group: { name: "Operator" } });
    expect(JSON.stringify(body)).not.toMatch(/password/i);
  });

  it("rejects a malformed JSON body with 400", async () => {
    const admin = await makeUser("Admin");
    const headers = await signIn(admin.email);
    const req = new Request("http://localhost:3999/api/v1/users", { method: "POST", headers: { ...Object.fromEntries(headers), "content-type": "application/json" }, body: "{nope" });
    const res = await createUserRoute(req, ctx);
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(/not valid JSON/);
  });
});

describe("action wrapper", () => {
  it("never runs the handler for a caller without the permission", async () => {
    const viewer = await makeUser("Viewer");
    const caller = await callerFor(await signIn(viewer.email));
    let ran = false;
    const def = { name: "t", access: "users:write" as const, schema: z.object({}), handler: async () => { ran = true; return 1; } };
    expect(await runAction(def, caller, {})).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await runAction(def, null, {})).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(ran).toBe(false);
  });

  it("hides unexpected errors behind a generic message", async () => {
    const admin = await makeUser("Admin");
    const caller = await callerFor(await signIn(admin.email));
    const def = { name: "t", access: "authenticated" as const, schema: z.object({}), handler: async () => { throw new Error("SQLITE_CORRUPT at /secret/path"); } };
    const r = await runAction(def, caller, {});
    expect(r).toMatchObject({ ok: false, code: "INTERNAL" });
    expect(JSON.stringify(r)).not.toMatch(/secret\/path/);
  });
});

describe("health endpoint", () => {
  it("reports the database, version and uptime", async () => {
    const res = await health();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", version: expect.stringMatching(/^\d+\.\d+\.\d+/), database: { ok: true } });
  });
});
