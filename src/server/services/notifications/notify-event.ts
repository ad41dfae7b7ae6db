/**
 * The one entry point for everything that notifies: backup and restore runs, verification, health
 * checks, the missing-backup task. It only enqueues: one NotificationLog row per recipient (with the
 * rendered, secret-free payload), then the deliveries and their retries run in the background.
 * Never throws and never waits for a channel.
 */
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { attemptDelivery } from "./attempt-delivery";
import { buildMessage } from "./build-message";
import { encodePayload } from "./delivery-payload";
import type { NotifyEvent } from "./events";
import { openNotifier } from "./open-notifier";
import { resolveRecipients } from "./resolve-recipients";

export type NotifyOutcome = { logIds: string[] };

const enqueue = async (event: NotifyEvent): Promise<NotifyOutcome> => {
  const built = await buildMessage(event);
  if (built.dedupeKey && (await db.notificationLog.findFirst({ where: { dedupeKey: built.dedupeKey }, select: { id: true } }))) return { logIds: [] };
  const recipients = await resolveRecipients(event.type, built.jobId);
  if (recipients.length === 0) return { logIds: [] };
  const notifiers = await db.adapterConfig.findMany({ where: { id: { in: recipients }, kind: "notifier" } });
  const logIds: string[] = [];
  for (const row of notifiers) {
    const base = {
      notifierId: row.id,
      notifierName: row.name,
      adapterId: row.adapterId,
      executionId: built.executionId,
      jobId: built.jobId,
      event: event.type,
      title: built.message.title,
      dedupeKey: built.dedupeKey,
    };
    try {
      const n = await openNotifier(row);
      const preview = n.adapter.preview(n.config, built.message);
      const created = await db.notificationLog.create({
        data: { ...base, status: "pending", nextAttemptAt: new Date(), payload: encodePayload({ message: built.message, preview }) },
        select: { id: true },
      });
      logIds.push(created.id);
    } catch (e) {
      // A notifier that cannot even be opened still leaves a trace in the delivery log.
      await db.notificationLog.create({
        data: { ...base, status: "failed", error: e instanceof Error ? e.message : String(e), payload: encodePayload({ message: built.message, preview: null }) },
      });
    }
  }
  for (const id of logIds) void attemptDelivery(id);
  return { logIds };
};

/**
 * Enqueues the notifications of an event. Resolves once the deliveries are recorded as pending (a
 * few quick database writes); never rejects. Call it without awaiting where even that must not wait.
 */
export const notifyEvent = async (event: NotifyEvent): Promise<NotifyOutcome> => {
  try {
    return await enqueue(event);
  } catch (e) {
    log.error("could not enqueue notifications", { event: event.type, error: e });
    return { logIds: [] };
  }
};
