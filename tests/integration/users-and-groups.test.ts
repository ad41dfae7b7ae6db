import { beforeEach, describe, expect, it } from "vitest";
import { auth } from "@/server/auth/auth";
import { db } from "@/server/db";
import { resolveCaller } from "@/server/http/caller";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { createGroup } from "@/server/services/groups/create-group";
import { deleteGroup } from "@/server/services/groups/delete-group";
import { updateGroup } from "@/server/services/groups/update-group";
import { createUser } from "@/server/services/users/create-user";
import { setUserDisabled } from "@/server/services/users/set-user-disabled";
import { updateUser } from "@/server/services/users/update-user";
import { groupId, resetDb } from "./helpers/db";
import { callerFor, makeUser, PASSWORD, signIn } from "./helpers/users";

beforeEach(resetDb);

describe("users", () => {
  it("creates a user who can sign in, and audits it without the password", async () => {
    const u = await makeUser("Viewer", { email: "vera@example.test" });
    const caller = await callerFor(await signIn(u.email));
    expect(caller.groupName).toBe("Viewer");
    const row = await db.auditLog.findFirstOrThrow({ where: { action: "user.create", resourceId: u.id } });
    expect(row.after).toContain("vera@example.test");
    expect(row.after).not.toContain(PASSWORD);
  });

  it("refuses a duplicate email with a field error", async () => {
    await makeUser("Viewer", { email: "dup@example.test" });
    await expect(makeUser("Operator", { email: "DUP@example.test".toLowerCase() })).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { email: ["Already in use"] } });
  });

  it("refuses an unknown group", async () => {
    await expect(
      createUser({ data: { name: "X", email: "x@example.test", password: PASSWORD, groupId: "nope" }, actor: SYSTEM_ACTOR }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await db.user.count()).toBe(0);
  });

  it("edits name, email and group, and a password reset signs the user out everywhere", async () => {
    const u = await makeUser("Viewer");
    const headers = await signIn(u.email);
    await updateUser({
      data: { userId: u.id, name: "Renamed", email: "renamed@example.test", groupId: await groupId("Operator"), newPassword: "a brand new password" },
      actor: SYSTEM_ACTOR,
    });
    expect(await resolveCaller(headers)).toBeNull();
    const caller = await callerFor(await signIn("renamed@example.test", "a brand new password"));
    expect(caller.groupName).toBe("Operator");
    const row = await db.auditLog.findFirstOrThrow({ where: { action: "user.update" } });
    expect(JSON.parse(row.before ?? "{}")).toMatchObject({ group: "Viewer" });
    expect(JSON.parse(row.after ?? "{}")).toMatchObject({ group: "Operator", name: "Renamed" });
  });

  it("disabling ends the user's sessions at once and refuses sign-in until enabled", async () => {
    const u = await makeUser("Operator");
    const headers = await signIn(u.email);
    await setUserDisabled({ userId: u.id, disabled: true, actor: SYSTEM_ACTOR });
    expect(await resolveCaller(headers)).toBeNull();
    const res = await auth().api.signInEmail({ body: { email: u.email, password: PASSWORD }, asResponse: true });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/disabled/i);
    await setUserDisabled({ userId: u.id, disabled: false, actor: SYSTEM_ACTOR });
    await expect(signIn(u.email)).resolves.toBeInstanceOf(Headers);
  });

  it("never disables or demotes the last enabled SuperAdmin, nor lets you disable yourself", async () => {
    const root = await makeUser("SuperAdmin");
    const me = { kind: "user" as const, userId: root.id, email: root.email };
    await expect(setUserDisabled({ userId: root.id, disabled: true, actor: me })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(setUserDisabled({ userId: root.id, disabled: true, actor: SYSTEM_ACTOR })).rejects.toThrow(/last enabled SuperAdmin/);
    await expect(
      updateUser({ data: { userId: root.id, name: root.name, email: root.email, groupId: await groupId("Viewer") }, actor: SYSTEM_ACTOR }),
    ).rejects.toThrow(/last enabled SuperAdmin/);
    const second = await makeUser("SuperAdmin");
    await expect(setUserDisabled({ userId: second.id, disabled: true, actor: SYSTEM_ACTOR })).resolves.toMatchObject({ banned: true });
  });
});

describe("groups", () => {
  it("a new group's permissions decide what its members may do, and changes apply on the next request", async () => {
    const g = await createGroup({ data: { name: "Auditors", description: null, permissions: ["audit:read"] }, actor: SYSTEM_ACTOR });
    const u = await createUser({ data: { name: "Aud", email: "aud@example.test", password: PASSWORD, groupId: g.id }, actor: SYSTEM_ACTOR });
    const headers = await signIn(u.email);
    expect([...(await callerFor(headers)).grant.permissions]).toEqual(["audit:read"]);
    await updateGroup({ data: { groupId: g.id, name: "Auditors", description: null, permissions: ["audit:read", "users:read"] }, actor: SYSTEM_ACTOR });
    expect([...(await callerFor(headers)).grant.permissions].sort()).toEqual(["audit:read", "users:read"]);
  });

  it("protects built-in groups and groups with members", async () => {
    const viewer = await groupId("Viewer");
    await expect(deleteGroup({ groupId: viewer, actor: SYSTEM_ACTOR })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(updateGroup({ data: { groupId: viewer, name: "Watchers", description: null, permissions: [] }, actor: SYSTEM_ACTOR })).rejects.toThrow(/cannot be renamed/);
    await expect(
      updateGroup({ data: { groupId: await groupId("SuperAdmin"), name: "SuperAdmin", description: null, permissions: [] }, actor: SYSTEM_ACTOR }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const g = await createGroup({ data: { name: "Temp", description: null, permissions: [] }, actor: SYSTEM_ACTOR });
    await createUser({ data: { name: "T", email: "t@example.test", password: PASSWORD, groupId: g.id }, actor: SYSTEM_ACTOR });
    await expect(deleteGroup({ groupId: g.id, actor: SYSTEM_ACTOR })).rejects.toThrow(/still has 1 member/);
    await expect(createGroup({ data: { name: "Temp", description: null, permissions: [] }, actor: SYSTEM_ACTOR })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("deletes an empty custom group and audits it", async () => {
    const g = await createGroup({ data: { name: "Short lived", description: null, permissions: ["jobs:read"] }, actor: SYSTEM_ACTOR });
    await deleteGroup({ groupId: g.id, actor: SYSTEM_ACTOR });
    expect(await db.group.findUnique({ where: { id: g.id } })).toBeNull();
    expect(await db.auditLog.count({ where: { action: "group.delete", resourceId: g.id } })).toBe(1);
  });
});
