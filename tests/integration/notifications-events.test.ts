/**
 * Events end to end: a real backup that fails (wrong PostgreSQL password) reaches a webhook and an
 * email with the error text; health transitions notify; the dead man's switch fires once per slot;
 * job notifiers with their own filters are saved, cloned and protect the notifier from deletion;
 * pending deliveries survive a restart.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { checkAdapterHealth } from "@/server/services/adapters/check-adapter-health";
import { deleteAdapterConfig } from "@/server/services/adapters/delete-adapter-config";
import { cloneJob } from "@/server/services/jobs/clone-job";
import { createJob } from "@/server/services/jobs/create-job";
import { getJob } from "@/server/services/jobs/get-job";
import { ZJobFields } from "@/server/services/jobs/jobs.schema";
import { updateJob } from "@/server/services/jobs/update-job";
import { checkMissingBackups } from "@/server/services/notifications/check-missing-backups";
import { encodePayload } from "@/server/services/notifications/delivery-payload";
import { sweepPendingDeliveries } from "@/server/services/notifications/notification-dispatcher";
import { notifyEvent } from "@/server/services/notifications/notify-event";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { updateSettings } from "@/server/services/settings/update-settings";
import { makeDestination, makeSource, pgConfig, servicesAvailable, unique, waitForRun } from "./engine/fixtures";
import { makeNotifier, notificationReceiversForFile } from "./helpers/notifications";

const rx = notificationReceiversForFile(2000);

const waitForLogs = async (where: Prisma.NotificationLogWhereInput, count: number, timeoutMs = 15_000) => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db.notificationLog.findMany({ where, include: { attemptLog: true }, orderBy: { createdAt: "asc" } });
    if (rows.length >= count && rows.every((r) => r.status !== "pending")) return rows;
    if (Date.now() > until) throw new Error(`expected ${count} settled deliveries, got ${rows.map((r) => r.status).join(", ") || "none"}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

const jobInput = (over: Record<string, unknown>) =>
  ZJobFields.parse({ name: `Notify job ${unique()}`, databases: { mode: "all" }, compression: "gzip", schedule: null, ...over });

describe.runIf(servicesAvailable("postgres"))("a failed backup reaches every notifier of the job", () => {
  it("wrong password: the webhook and the email both carry the job, the error and the link; each delivery is logged", async () => {
    const source = await makeSource("postgres", { ...pgConfig(), password: "definitely-wrong" });
    const dest = await makeDestination("local", { path: path.join(rx.tmp, "dest") });
    const hook = await makeNotifier("webhook", { url: `${rx.web.url}/hook/secret-path` });
    const mail = await makeNotifier("email", { host: "127.0.0.1", port: rx.smtp.port, security: "none", username: "mailer", password: "pw", from: "bunker@example.test", to: "ops@example.test" });
    const success = await makeNotifier("webhook", { url: `${rx.web.url}/success-only` });
    const job = await createJob({
      data: jobInput({
        sourceId: source.id,
        destinationIds: [dest.id],
        notifiers: [
          { notifierId: hook.id, events: ["backup.failed"] },
          { notifierId: mail.id, events: ["backup.failed", "backup.partial"] },
          { notifierId: success.id, events: ["backup.success"] },
        ],
      }),
      actor: SYSTEM_ACTOR,
    });

    const { executionId } = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const exec = await waitForRun(executionId);
    expect(exec.status).toBe("Failed");
    expect(exec.error).toMatch(/wrong password/);

    // What the lead wires at the end of a run (see the report); idempotent per run would be the caller's concern.
    const { logIds } = await notifyEvent({ type: "backup.failed", executionId });
    expect(logIds).toHaveLength(2);

    const req = await rx.web.waitFor((q) => q.path === "/hook/secret-path");
    const body = req.json as { event: string; title: string; error: string; url: string; fields: Record<string, string> };
    expect(body.event).toBe("backup.failed");
    expect(body.title).toBe(`Backup failed: ${job.name}`);
    expect(body.error).toMatch(/wrong password/);
    expect(body.url).toBe(`http://localhost:3999/history/${executionId}`);
    expect(body.fields).toMatchObject({ job: job.name, source: source.name, destinations: dest.name });
    expect(body.fields.duration).toMatch(/s$/);
    expect(JSON.stringify(body)).not.toContain("definitely-wrong");

    const m = await rx.smtp.waitFor((x) => x.to.includes("ops@example.test"));
    expect(m.mail.subject).toBe(`[Bunker] Backup failed: ${job.name}`);
    expect(m.mail.text).toMatch(/Error: .*wrong password/);
    expect(m.mail.html).toContain(`/history/${executionId}`);

    const logs = await waitForLogs({ executionId }, 2);
    expect(logs.map((l) => [l.notifierName, l.status, l.attempts, l.jobId])).toEqual(
      expect.arrayContaining([[hook.name, "sent", 1, job.id], [mail.name, "sent", 1, job.id]]),
    );
    expect(rx.web.requests.some((q) => q.path === "/success-only")).toBe(false);
    for (const l of logs) expect(l.payload).not.toContain("definitely-wrong");
  });
});

describe("health transitions", () => {
  it("OFFLINE after three failed checks and back ONLINE, each notified once to the system route", async () => {
    const blocker = path.join(rx.tmp, `blocker-${unique()}`);
    fs.writeFileSync(blocker, "not a directory");
    const dest = await makeDestination("local", { path: path.join(blocker, "dest") });
    const n = await makeNotifier("webhook", { url: `${rx.web.url}/health` });
    await updateSettings({ patch: { "notifications.systemRoutes": [{ notifierId: n.id, events: ["health.offline", "health.online"] }] }, actor: SYSTEM_ACTOR });
    for (let i = 0; i < 4; i++) await checkAdapterHealth({ id: dest.id });
    const offline = await rx.web.waitFor((q) => q.path === "/health" && (q.json as { event: string }).event === "health.offline");
    expect((offline.json as { title: string }).title).toBe(`Destination offline: ${dest.name}`);
    expect((offline.json as { error: string }).error).toBeTruthy();
    fs.rmSync(blocker);
    await checkAdapterHealth({ id: dest.id });
    const online = await rx.web.waitFor((q) => q.path === "/health" && (q.json as { event: string }).event === "health.online");
    expect((online.json as { url: string }).url).toBe(`http://localhost:3999/destinations/${dest.id}`);
    await waitForLogs({ notifierId: n.id }, 2);
    expect(rx.web.requests.filter((q) => q.path === "/health").map((q) => (q.json as { event: string }).event)).toEqual(["health.offline", "health.online"]);
  });
});

describe("the dead man's switch", () => {
  it("a scheduled job without a successful backup within N hours of its slot notifies once per slot", async () => {
    const source = await makeSource("sqlite", { path: path.join(rx.tmp, "x.db") }).catch(() => null);
    const src = source ?? (await makeSource("postgres", pgConfig()));
    const dest = await makeDestination("local", { path: path.join(rx.tmp, "dest2") });
    const n = await makeNotifier("webhook", { url: `${rx.web.url}/missing` });
    const job = await createJob({
      data: jobInput({ sourceId: src.id, destinationIds: [dest.id], schedule: "0 * * * *", notifiers: [{ notifierId: n.id, events: ["backup.missing"] }] }),
      actor: SYSTEM_ACTOR,
    });
    await db.job.update({ where: { id: job.id }, data: { createdAt: new Date(Date.now() - 3 * 86_400_000) } });
    await updateSettings({ patch: { "notifications.missingBackupHours": 2 }, actor: SYSTEM_ACTOR });

    const first = await checkMissingBackups();
    expect(first.missing.map((m) => m.jobName)).toEqual([job.name]);
    expect(first.notified).toBe(1);
    const req = await rx.web.waitFor((q) => q.path === "/missing");
    expect(req.json).toMatchObject({ event: "backup.missing", title: `Backup missing: ${job.name}`, fields: { job: job.name, last_success: "never" } });

    const again = await checkMissingBackups();
    expect(again.missing).toHaveLength(1);
    expect(again.notified).toBe(0);

    // A successful run after the slot clears it.
    await db.execution.create({ data: { jobId: job.id, type: "Backup", status: "Success", trigger: "manual", startedAt: new Date(), endedAt: new Date() } });
    expect((await checkMissingBackups()).missing).toHaveLength(0);
  });
});

describe("job notifiers", () => {
  it("are saved with their own filters, replaced on update, copied by clone, and keep the notifier from being deleted", async () => {
    const src = await makeSource("postgres", pgConfig());
    const dest = await makeDestination("local", { path: path.join(rx.tmp, "dest3") });
    const a = await makeNotifier("webhook", { url: `${rx.web.url}/a` });
    const b = await makeNotifier("webhook", { url: `${rx.web.url}/b` });
    const job = await createJob({
      data: jobInput({ sourceId: src.id, destinationIds: [dest.id], notifiers: [{ notifierId: a.id, events: ["backup.success"] }, { notifierId: b.id, events: ["backup.failed", "backup.missing"] }] }),
      actor: SYSTEM_ACTOR,
    });
    expect(job.notifiers.map((n) => [n.name, n.events])).toEqual([[a.name, ["backup.success"]], [b.name, ["backup.failed", "backup.missing"]]].sort((x, y) => String(x[0]).localeCompare(String(y[0]))));

    const copy = await cloneJob({ id: job.id, actor: SYSTEM_ACTOR });
    expect(copy.notifiers).toEqual(job.notifiers);

    await expect(deleteAdapterConfig({ kind: "notifier", id: a.id, actor: SYSTEM_ACTOR })).rejects.toThrow(/used by the jobs/);

    await updateJob({ data: { ...jobInput({ sourceId: src.id, destinationIds: [dest.id], notifiers: [{ notifierId: b.id, events: ["backup.partial"] }] }), id: job.id, name: job.name }, actor: SYSTEM_ACTOR });
    expect((await getJob(job.id))?.notifiers.map((n) => [n.id, n.events])).toEqual([[b.id, ["backup.partial"]]]);

    await expect(createJob({ data: jobInput({ sourceId: src.id, destinationIds: [dest.id], notifiers: [{ notifierId: dest.id, events: ["backup.failed"] }] }), actor: SYSTEM_ACTOR })).rejects.toThrow(/not a notifier/);
  });
});

describe("restart", () => {
  it("a pending delivery left by a previous process is sent by the sweep", async () => {
    const n = await makeNotifier("webhook", { url: `${rx.web.url}/after-restart` });
    const message = { event: "health.offline" as const, severity: "error" as const, title: "Left over", summary: "s", fields: [], instance: "Bunker", occurredAt: new Date().toISOString() };
    const row = await db.notificationLog.create({
      data: { notifierId: n.id, notifierName: n.name, adapterId: "webhook", event: "health.offline", status: "pending", attempts: 1, nextAttemptAt: new Date(Date.now() - 1000), payload: encodePayload({ message, preview: null }) },
    });
    expect(await sweepPendingDeliveries()).toBe(1);
    const [done] = await waitForLogs({ id: row.id }, 1);
    expect(done).toMatchObject({ status: "sent", attempts: 2 });
    expect((await rx.web.waitFor((q) => q.path === "/after-restart")).json).toMatchObject({ title: "Left over" });
  });
});
