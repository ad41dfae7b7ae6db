/**
 * The administrator's side of strong authentication: a group that requires 2FA holds a member without
 * one until they enrol, and an administrator can lift a temporary sign-in lock. Both are audited.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { GET as listExecutionsRoute } from "@/app/api/v1/executions/route";
import { auth } from "@/server/auth/auth";
import { resetLoginLimits } from "@/server/auth/login-guard";
import { db } from "@/server/db";
import { runAction } from "@/server/http/action";
import { resolveCaller } from "@/server/http/caller";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { setGroupTwoFactor } from "@/server/services/groups/set-group-two-factor";
import { listGroups } from "@/server/services/groups/list-groups";
import { confirmTotp, startTotpEnrolment } from "@/server/services/profile/two-factor";
import { listUserAccounts } from "@/server/services/users/list-user-accounts";
import { unlockUser } from "@/server/services/users/unlock-user";
import { groupId, resetDb } from "./helpers/db";
import { totp } from "./helpers/totp";
import { callerFor, cookieOf, makeUser, PASSWORD, signIn } from "./helpers/users";

const ctx = { params: Promise.resolve({}) };
const listRuns = (headers: Headers) => listExecutionsRoute(new Request("http://localhost:3999/api/v1/executions", { headers }), ctx);

beforeEach(async () => {
  resetLoginLimits();
  await resetDb();
});

describe("group requires two-factor authentication", () => {
  it("refuses a member without a second factor with a clear message, and lets them through once TOTP is on", async () => {
    const admin = await makeUser("Admin");
    const adminActor = { kind: "user" as const, userId: admin.id, email: admin.email };
    const u = await makeUser("Viewer");
    const viewers = await groupId("Viewer");

    const dto = await setGroupTwoFactor({ data: { groupId: viewers, required: true }, actor: adminActor });
    expect(dto.requireTwoFactor).toBe(true);
    expect((await listGroups()).find((g) => g.id === viewers)?.requireTwoFactor).toBe(true);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "group.require_two_factor", resourceId: viewers } });
    expect(audit.userId).toBe(admin.id);
    expect(JSON.parse(audit.after!)).toMatchObject({ requireTwoFactor: true });
    expect(JSON.parse(audit.details!)).toEqual({ membersWithoutSecondFactor: 1 });
    // Setting the same value again changes nothing and records nothing.
    await setGroupTwoFactor({ data: { groupId: viewers, required: true }, actor: adminActor });
    expect(await db.auditLog.count({ where: { action: "group.require_two_factor" } })).toBe(1);

    const headers = await signIn(u.email);
    const caller = await callerFor(headers);
    expect(caller.needsTwoFactor).toBe(true);
    const refused = await listRuns(headers);
    expect(refused.status).toBe(403);
    expect((await refused.json()).detail).toBe("Your group (Viewer) requires two-factor authentication. Set up TOTP or a passkey on your profile first.");
    let ran = false;
    const def = { name: "t", access: "jobs:read" as const, schema: z.object({}), handler: async () => { ran = true; return 1; } };
    expect(await runAction(def, caller, {})).toMatchObject({ ok: false, code: "FORBIDDEN", message: expect.stringContaining("requires two-factor authentication") });
    expect(ran).toBe(false);
    // Their own profile stays open: that is where they enrol.
    expect(await runAction({ ...def, access: "authenticated" as const }, caller, {})).toMatchObject({ ok: true });

    const actor = { kind: "user" as const, userId: u.id, email: u.email };
    const start = await startTotpEnrolment({ headers, password: PASSWORD, actor });
    await confirmTotp({ headers, code: totp(start.secret), userId: u.id, revokeOthers: false, actor });

    // A fresh sign-in with password + code now passes the route and the action.
    const step1 = await auth().api.signInEmail({ body: { email: u.email, password: PASSWORD }, headers: new Headers({ "user-agent": "vitest" }), asResponse: true });
    const ok = await auth().api.verifyTOTP({ body: { code: totp(start.secret, Date.now() + 30_000) }, headers: new Headers({ cookie: cookieOf(step1) }), asResponse: true });
    expect(ok.status).toBe(200);
    const enrolled = new Headers({ cookie: cookieOf(ok), "user-agent": "vitest" });
    const after = await callerFor(enrolled);
    expect(after.needsTwoFactor).toBe(false);
    expect((await listRuns(enrolled)).status).toBe(200);
    expect(await runAction(def, after, {})).toMatchObject({ ok: true, data: 1 });

    // Turning the requirement off is audited too.
    await setGroupTwoFactor({ data: { groupId: viewers, required: false }, actor: adminActor });
    expect(await db.auditLog.count({ where: { action: "group.require_two_factor" } })).toBe(2);
  });

  it("applies to SuperAdmin, whose permissions are otherwise fixed", async () => {
    const root = await makeUser("SuperAdmin");
    await setGroupTwoFactor({ data: { groupId: await groupId("SuperAdmin"), required: true }, actor: SYSTEM_ACTOR });
    expect((await resolveCaller(await signIn(root.email)))?.needsTwoFactor).toBe(true);
    await expect(setGroupTwoFactor({ data: { groupId: "nope", required: true }, actor: SYSTEM_ACTOR })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("unlocking an account", () => {
  it("shows the lock and second factors on the users list, and unlock clears the lock and is audited", async () => {
    const admin = await makeUser("Admin");
    const u = await makeUser("Operator");
    const until = new Date(Date.now() + 10 * 60_000);
    await db.user.update({ where: { id: u.id }, data: { failedLoginCount: 7, lockedUntil: until } });
    const expired = await makeUser("Viewer");
    await db.user.update({ where: { id: expired.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });

    const rows = await listUserAccounts();
    expect(rows.find((r) => r.id === u.id)).toMatchObject({ lockedUntil: until, passkeyCount: 0, twoFactorEnabled: false });
    expect(rows.find((r) => r.id === expired.id)?.lockedUntil).toBeNull();

    await unlockUser({ userId: u.id, actor: { kind: "user", userId: admin.id, email: admin.email } });
    const row = await db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row).toMatchObject({ lockedUntil: null, failedLoginCount: 0 });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "user.unlock", resourceId: u.id } });
    expect(audit.userId).toBe(admin.id);
    expect(JSON.parse(audit.before!)).toMatchObject({ lockedUntil: until.toISOString(), failedLoginCount: 7 });
    expect(JSON.parse(audit.after!)).toMatchObject({ lockedUntil: null, failedLoginCount: 0 });
    // And the password works again at once.
    expect(await resolveCaller(await signIn(u.email))).not.toBeNull();
    await expect(unlockUser({ userId: "missing", actor: SYSTEM_ACTOR })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
