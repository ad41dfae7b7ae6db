/**
 * A restorer (storage:restore, storage:read, history:read, no jobs:execute) can stop the restores they
 * may start: through POST /api/v1/restores/:id/cancel, the run page's action, and an API key, but not
 * through the jobs:execute cancel, and never a run of another type. The real cancelRun runs here; a
 * "running" restore is a registry entry that ends Cancelled when aborted, as the engine's does.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as executionsCancel } from "@/app/api/v1/executions/[executionId]/cancel/route";
import { POST as restoresCancel } from "@/app/api/v1/restores/[executionId]/cancel/route";
import { cancelVia } from "@/app/(app)/history/_components/cancel-via";
import { db } from "@/server/db";
import type { Grant } from "@/server/rbac/permissions";
import { abortRun, getRun, registerRun, unregisterRun } from "@/server/runs/run-registry";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { createGroup } from "@/server/services/groups/create-group";
import { createUser } from "@/server/services/users/create-user";
import { resetDb } from "./helpers/db";
import { makeUser, PASSWORD, signIn } from "./helpers/users";

const requestHeaders = vi.hoisted(() => ({ current: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => requestHeaders.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
const { cancelRestoreAction, cancelRunAction } = await import("@/app/(app)/history/actions");

const BASE = "http://localhost:3999/api/v1";
const RESTORER = ["storage:read", "storage:restore", "history:read"] as const;
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const post = async (handler: Handler, url: string, executionId: string, headers: Headers) => {
  const res = await handler(new Request(`${BASE}${url}`, { method: "POST", headers }), { params: Promise.resolve({ executionId }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const viaRestores = (id: string, h: Headers) => post(restoresCancel, `/restores/${id}/cancel`, id, h);
const viaExecutions = (id: string, h: Headers) => post(executionsCancel, `/executions/${id}/cancel`, id, h);

const statusOf = async (id: string) => (await db.execution.findUniqueOrThrow({ where: { id } })).status;
const cancelAudits = (id: string) => db.auditLog.findMany({ where: { action: "run.cancel", resourceId: id } });

const makeRestorer = async () => {
  const group = await createGroup({ data: { name: "Restorers", description: null, permissions: [...RESTORER] }, actor: SYSTEM_ACTOR });
  const email = `restorer-${Date.now()}@example.test`;
  const user = await createUser({ data: { name: "Restorer", email, password: PASSWORD, groupId: group.id }, actor: SYSTEM_ACTOR });
  return { user, email, headers: await signIn(email) };
};

/** A run "executing" in this process: aborting it records Cancelled and unregisters, as the engines do. */
const fakeRunning = async (type: "Restore" | "Backup") => {
  const exec = await db.execution.create({ data: { type, status: "Running", trigger: "manual", startedAt: new Date() } });
  const entry = registerRun(exec.id, null);
  entry.controller.signal.addEventListener("abort", () => {
    void db.execution
      .update({ where: { id: exec.id }, data: { status: "Cancelled", endedAt: new Date(), error: "cancelled" } })
      .finally(() => unregisterRun(exec.id));
  });
  return exec;
};

const registered: string[] = [];
beforeEach(async () => {
  await db.execution.deleteMany();
  await resetDb();
});
afterEach(() => {
  // A run a test left registered (a refused cancel) must not leak into the next test.
  for (const id of registered.splice(0)) {
    if (getRun(id)) {
      abortRun(id, { kind: "shutdown" });
      unregisterRun(id);
    }
  }
});

describe("POST /api/v1/restores/:executionId/cancel", () => {
  it("lets a storage:restore user cancel a pending restore (200, Cancelled, audited); the jobs:execute route refuses them", async () => {
    const { user, headers } = await makeRestorer();
    const exec = await db.execution.create({ data: { type: "Restore", status: "Pending", trigger: "manual" } });

    const refused = await viaExecutions(exec.id, headers);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/jobs:execute/);
    expect(await statusOf(exec.id)).toBe("Pending");

    const ok = await viaRestores(exec.id, headers);
    expect(ok).toEqual({ status: 200, body: { executionId: exec.id, status: "Cancelled" } });
    const row = await db.execution.findUniqueOrThrow({ where: { id: exec.id } });
    expect(row.status).toBe("Cancelled");
    expect(row.error).toMatch(/^cancelled by restorer-/);
    const audits = await cancelAudits(exec.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ userId: user.id, resourceType: "execution" });
    expect(JSON.parse(audits[0]?.details ?? "{}")).toMatchObject({ type: "Restore" });
  });

  it("stops a running restore through the run registry", async () => {
    const { headers } = await makeRestorer();
    const exec = await fakeRunning("Restore");
    registered.push(exec.id);

    expect((await viaExecutions(exec.id, headers)).status).toBe(403);
    expect(getRun(exec.id)?.controller.signal.aborted).toBe(false);

    const ok = await viaRestores(exec.id, headers);
    expect(ok).toEqual({ status: 200, body: { executionId: exec.id, status: "Cancelled" } });
    expect(getRun(exec.id)).toBeUndefined();
    expect(await statusOf(exec.id)).toBe("Cancelled");
    expect(await cancelAudits(exec.id)).toHaveLength(1);
  });

  it("refuses a Backup (or any non-restore) run with 404, pending or running, and leaves it as it was", async () => {
    const { headers } = await makeRestorer();
    const pending = await db.execution.create({ data: { type: "Backup", status: "Pending", trigger: "manual" } });
    const running = await fakeRunning("Backup");
    registered.push(running.id);
    const verify = await db.execution.create({ data: { type: "Verify", status: "Running", trigger: "manual" } });

    for (const id of [pending.id, running.id, verify.id]) {
      const res = await viaRestores(id, headers);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe("NOT_FOUND");
      // The same answer as a run that does not exist: nothing about the other run leaks.
      expect(res.body.detail).toBe("That restore does not exist.");
    }
    expect((await viaRestores("no-such-run", headers)).body.detail).toBe("That restore does not exist.");

    expect(await statusOf(pending.id)).toBe("Pending");
    expect(await statusOf(running.id)).toBe("Running");
    expect(await statusOf(verify.id)).toBe("Running");
    expect(getRun(running.id)?.controller.signal.aborted).toBe(false);
    expect(await db.auditLog.count({ where: { action: "run.cancel" } })).toBe(0);
  });

  it("refuses a user without storage:restore (403) and an anonymous caller (401)", async () => {
    const exec = await db.execution.create({ data: { type: "Restore", status: "Running", trigger: "manual" } });
    const viewer = await signIn((await makeUser("Viewer")).email);
    const refused = await viaRestores(exec.id, viewer);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/storage:restore/);
    expect((await viaRestores(exec.id, new Headers())).status).toBe(401);
    expect(await statusOf(exec.id)).toBe("Running");
  });

  it("works with an API key that carries storage:restore only", async () => {
    const { user } = await makeRestorer();
    const grant: Grant = { isSuperAdmin: false, permissions: new Set(RESTORER) };
    const actor = { kind: "user" as const, userId: user.id, email: user.email };
    const { key } = await createApiKey({ userId: user.id, grant, data: { name: "restore key", permissions: ["storage:restore"], expiresInDays: 30 }, actor });
    const exec = await db.execution.create({ data: { type: "Restore", status: "Pending", trigger: "api" } });
    const headers = new Headers({ authorization: `Bearer ${key}`, "user-agent": "curl/8" });
    expect(await viaRestores(exec.id, headers)).toEqual({ status: 200, body: { executionId: exec.id, status: "Cancelled" } });
  });

  it("leaves a finished restore as it was", async () => {
    const { headers } = await makeRestorer();
    const exec = await db.execution.create({ data: { type: "Restore", status: "Success", trigger: "manual", endedAt: new Date() } });
    expect(await viaRestores(exec.id, headers)).toEqual({ status: 200, body: { executionId: exec.id, status: "Success" } });
    expect(await cancelAudits(exec.id)).toHaveLength(0);
  });
});

describe("the run page's cancel", () => {
  it("offers the restore cancel to a restorer on a restore only, and the run cancel to jobs:execute on every type", () => {
    const restorer: Grant = { isSuperAdmin: false, permissions: new Set(RESTORER) };
    const operator: Grant = { isSuperAdmin: false, permissions: new Set(["jobs:execute", "storage:restore", "history:read"]) };
    const viewer: Grant = { isSuperAdmin: false, permissions: new Set(["history:read", "storage:read"]) };
    expect(cancelVia(restorer, "Restore")).toBe("restore");
    for (const type of ["Backup", "Drill", "Verify", "System"]) expect(cancelVia(restorer, type)).toBeNull();
    for (const type of ["Backup", "Restore", "Drill", "Verify", "System"]) expect(cancelVia(operator, type)).toBe("run");
    expect(cancelVia(viewer, "Restore")).toBeNull();
    expect(cancelVia({ isSuperAdmin: true, permissions: new Set() }, "Restore")).toBe("run");
  });

  it("the restore action cancels a restore for a restorer, refuses other types; the run action refuses the restorer", async () => {
    const { headers } = await makeRestorer();
    requestHeaders.current = headers;
    const restore = await db.execution.create({ data: { type: "Restore", status: "Pending", trigger: "manual" } });
    const backup = await db.execution.create({ data: { type: "Backup", status: "Pending", trigger: "manual" } });

    expect(await cancelRunAction({ executionId: restore.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await statusOf(restore.id)).toBe("Pending");
    expect(await cancelRestoreAction({ executionId: backup.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await statusOf(backup.id)).toBe("Pending");
    expect(await cancelRestoreAction({ executionId: restore.id })).toEqual({ ok: true, data: { executionId: restore.id, status: "Cancelled" } });
    expect(await statusOf(restore.id)).toBe("Cancelled");

    // jobs:execute keeps cancelling any type through the run action.
    requestHeaders.current = await signIn((await makeUser("Operator")).email);
    expect(await cancelRunAction({ executionId: backup.id })).toEqual({ ok: true, data: { executionId: backup.id, status: "Cancelled" } });
  });
});
