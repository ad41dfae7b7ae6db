import { beforeEach, describe, expect, it } from "vitest";
import { auth } from "@/server/auth/auth";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { createFirstAdmin } from "@/server/services/setup/create-first-admin";
import { isSetupComplete } from "@/server/services/setup/get-setup-state";
import { resetDb } from "./helpers/db";
import { callerFor, PASSWORD, signIn } from "./helpers/users";

const admin = { name: "Ada Admin", email: "ada@example.test", password: PASSWORD, confirmPassword: PASSWORD };

beforeEach(resetDb);

describe("first run", () => {
  it("creates the first admin in SuperAdmin, who can then sign in with every permission", async () => {
    expect(await isSetupComplete()).toBe(false);
    await createFirstAdmin({ data: admin, ip: "203.0.113.1", userAgent: "vitest" });
    expect(await isSetupComplete()).toBe(true);
    const caller = await callerFor(await signIn(admin.email));
    expect(caller.groupName).toBe("SuperAdmin");
    expect(caller.grant.isSuperAdmin).toBe(true);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "setup.complete" } });
    expect(audit.actorEmail).toBe(admin.email);
    expect(audit.ip).toBe("203.0.113.1");
  });

  it("refuses a second setup and leaves the first admin untouched", async () => {
    await createFirstAdmin({ data: admin });
    const second = createFirstAdmin({ data: { ...admin, email: "mallory@example.test" } });
    await expect(second).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.user.count()).toBe(1);
    expect((await db.user.findFirstOrThrow()).email).toBe(admin.email);
  });

  it("lets exactly one of two racing setups win", async () => {
    const results = await Promise.allSettled([
      createFirstAdmin({ data: admin }),
      createFirstAdmin({ data: { ...admin, email: "racer@example.test" } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    expect(await db.user.count()).toBe(1);
  });

  it("refuses sign-up through the auth API itself, not only in the UI", async () => {
    await createFirstAdmin({ data: admin });
    const res = await auth().api.signUpEmail({
      body: { name: "Eve", email: "eve@example.test", password: PASSWORD },
      asResponse: true,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await db.user.count({ where: { email: "eve@example.test" } })).toBe(0);
  });
});

describe("sign-in auditing", () => {
  it("records a wrong password as a failed sign-in with the attempted email and IP", async () => {
    await createFirstAdmin({ data: admin });
    const res = await auth().api.signInEmail({
      body: { email: admin.email, password: "not the password" },
      headers: new Headers({ "x-forwarded-for": "198.51.100.9", "user-agent": "curl/8" }),
      asResponse: true,
    });
    expect(res.status).toBe(401);
    const row = await db.auditLog.findFirstOrThrow({ where: { action: "auth.sign_in", outcome: "failure" } });
    expect(row.actorEmail).toBe(admin.email);
    expect(row.ip).toBe("198.51.100.9");
    expect(row.userAgent).toBe("curl/8");
    expect(row.details).toMatch(/INVALID_EMAIL_OR_PASSWORD/);
  });

  it("records a successful sign-in and a sign-out", async () => {
    await createFirstAdmin({ data: admin });
    const headers = await signIn(admin.email);
    expect(await db.auditLog.count({ where: { action: "auth.sign_in", outcome: "success", actorEmail: admin.email } })).toBe(1);
    await auth().api.signOut({ headers });
    expect(await db.auditLog.count({ where: { action: "auth.sign_out", actorEmail: admin.email } })).toBe(1);
    expect(await db.session.count()).toBe(0);
  });
});
