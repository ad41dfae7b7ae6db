import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { resolveCaller } from "@/server/http/caller";
import { listAudit, ZAuditQuery } from "@/server/services/audit/list-audit";
import { changePassword } from "@/server/services/profile/change-password";
import { updateProfile } from "@/server/services/profile/update-profile";
import { getSettings } from "@/server/services/settings/get-settings";
import { updateSettings } from "@/server/services/settings/update-settings";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { resetDb } from "./helpers/db";
import { callerFor, makeUser, PASSWORD, signIn } from "./helpers/users";

beforeEach(resetDb);

const change = (currentPassword: string, newPassword: string, revokeOtherSessions = true) => ({
  currentPassword, newPassword, confirmPassword: newPassword, revokeOtherSessions,
});

describe("profile", () => {
  it("changes name and email; a taken email is refused", async () => {
    const a = await makeUser("Operator");
    const b = await makeUser("Viewer");
    const actor = { kind: "user" as const, userId: a.id, email: a.email };
    await expect(updateProfile({ userId: a.id, data: { name: "Alice Ops", email: "alice@example.test" }, actor })).resolves.toEqual({ name: "Alice Ops", email: "alice@example.test" });
    await expect(updateProfile({ userId: a.id, data: { name: "Alice", email: b.email }, actor })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a wrong current password changes nothing and is audited as a failure", async () => {
    const u = await makeUser("Viewer");
    const caller = await callerFor(await signIn(u.email));
    const actor = { kind: "user" as const, userId: u.id, email: u.email };
    await expect(changePassword({ userId: u.id, currentSessionId: caller.sessionId, data: change("wrong password!", "another long password"), actor })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { currentPassword: ["Wrong password"] },
    });
    await expect(signIn(u.email, PASSWORD)).resolves.toBeInstanceOf(Headers);
    expect(await db.auditLog.count({ where: { action: "profile.change_password", outcome: "failure" } })).toBe(1);
  });

  it("a new password works, the old one does not, and other sessions are signed out", async () => {
    const u = await makeUser("Viewer");
    const here = await signIn(u.email);
    const elsewhere = await signIn(u.email);
    const caller = await callerFor(here);
    const r = await changePassword({ userId: u.id, currentSessionId: caller.sessionId, data: change(PASSWORD, "another long password"), actor: { kind: "user", userId: u.id, email: u.email } });
    expect(r.revokedSessions).toBe(1);
    expect(await resolveCaller(here)).not.toBeNull();
    expect(await resolveCaller(elsewhere)).toBeNull();
    await expect(signIn(u.email, PASSWORD)).rejects.toThrow(/401/);
    await expect(signIn(u.email, "another long password")).resolves.toBeInstanceOf(Headers);
  });
});

describe("audit log listing", () => {
  it("filters by action, actor, outcome and day, newest first, paginated", async () => {
    const u = await makeUser("Operator", { email: "filter-me@example.test" });
    await signIn(u.email);
    await signIn(u.email, "wrong password here").catch(() => undefined);
    const all = await listAudit(ZAuditQuery.parse({}));
    expect(all.total).toBe(3); // user.create, sign-in success, sign-in failure
    expect(all.rows[0]?.outcome).toBe("failure");
    expect(all.actions).toEqual(["auth.sign_in", "user.create"]);
    expect((await listAudit(ZAuditQuery.parse({ outcome: "failure" }))).total).toBe(1);
    expect((await listAudit(ZAuditQuery.parse({ action: "user.create" }))).rows[0]?.actorEmail).toBe("system");
    expect((await listAudit(ZAuditQuery.parse({ actor: "FILTER-me" }))).total).toBe(2);
    const today = new Date().toISOString().slice(0, 10);
    expect((await listAudit(ZAuditQuery.parse({ from: today, to: today }))).total).toBe(3);
    expect((await listAudit(ZAuditQuery.parse({ to: "2000-01-01" }))).total).toBe(0);
    const page2 = await listAudit(ZAuditQuery.parse({ page: 2, pageSize: 10 }));
    expect(page2.rows).toHaveLength(0);
  });
});

describe("settings", () => {
  it("returns defaults, stores changes, audits only what changed, and ignores a corrupt stored value", async () => {
    expect((await getSettings())["queue.maxConcurrentJobs"]).toBe(2);
    await updateSettings({ patch: { "instance.name": "Prod backups", "queue.maxConcurrentJobs": 2 }, actor: SYSTEM_ACTOR });
    expect((await getSettings())["instance.name"]).toBe("Prod backups");
    const row = await db.auditLog.findFirstOrThrow({ where: { action: "settings.update" } });
    expect(JSON.parse(row.after ?? "{}")).toEqual({ "instance.name": "Prod backups" });
    await db.systemSetting.update({ where: { key: "system.timezone" }, data: { value: '"Mars/Olympus"' } });
    expect((await getSettings())["system.timezone"]).toBe("UTC");
  });
});
