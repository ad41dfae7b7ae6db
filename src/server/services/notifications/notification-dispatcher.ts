/**
 * The sweep that makes pending deliveries survive a restart: every few seconds it attempts the rows
 * whose next attempt is due and that no timer of this process holds. Started once per process.
 */
import { log } from "@/lib/logger";
import { type IntervalTask, startIntervalTask } from "@/lib/scheduler/interval-task";
import { db } from "@/server/db";
import { attemptDelivery, isDeliveryInFlight } from "./attempt-delivery";

const SWEEP_MS = 15_000;
const BATCH = 50;

const g = globalThis as unknown as { bunkerNotificationDispatcher?: IntervalTask };

/** Attempts every due pending delivery once; returns how many it started. */
export const sweepPendingDeliveries = async (now = new Date()): Promise<number> => {
  const due = await db.notificationLog.findMany({
    where: { status: "pending", OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
    select: { id: true },
    orderBy: { createdAt: "asc" },
    take: BATCH,
  });
  const ids = due.map((r) => r.id).filter((id) => !isDeliveryInFlight(id));
  await Promise.all(ids.map((id) => attemptDelivery(id)));
  return ids.length;
};

export const startNotificationDispatcher = (): IntervalTask => {
  g.bunkerNotificationDispatcher ??= startIntervalTask({
    name: "notification-dispatcher",
    intervalMs: async () => SWEEP_MS,
    run: async () => {
      await sweepPendingDeliveries();
    },
    onError: (e) => log.error("notification sweep failed", { error: e }),
    initialDelayMs: 2_000,
  });
  return g.bunkerNotificationDispatcher;
};

export const stopNotificationDispatcher = (): void => {
  g.bunkerNotificationDispatcher?.stop();
  g.bunkerNotificationDispatcher = undefined;
};
