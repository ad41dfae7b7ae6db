/**
 * One delivery attempt of a NotificationLog row: send, record the attempt, then settle the row (sent,
 * failed) or schedule the next attempt with backoff. Never throws; each send has its own time limit.
 */
import type { DeliveryResult } from "@/adapters/notifiers/types";
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { decodePayload } from "./delivery-payload";
import { backoffMs, deliveryOptions, timeoutFor } from "./delivery-options";
import { openNotifier } from "./open-notifier";

const g = globalThis as unknown as { bunkerNotifyInFlight?: Set<string>; bunkerNotifyTimers?: Map<string, NodeJS.Timeout> };
const inFlight = (g.bunkerNotifyInFlight ??= new Set());
const timers = (g.bunkerNotifyTimers ??= new Map());

export const isDeliveryInFlight = (logId: string): boolean => inFlight.has(logId) || timers.has(logId);

const MAX_ERROR = 1000;

const sendOnce = async (logId: string): Promise<{ result: DeliveryResult; durationMs: number } | null> => {
  const row = await db.notificationLog.findUnique({ where: { id: logId }, include: { notifier: true } });
  if (!row || row.status !== "pending") return null;
  const started = performance.now();
  const payload = decodePayload(row.payload);
  let result: DeliveryResult;
  if (!row.notifier) result = { ok: false, error: "the notifier was deleted", retryable: false };
  else if (!payload) result = { ok: false, error: "the stored message cannot be read", retryable: false };
  else {
    try {
      const n = await openNotifier(row.notifier);
      result = await n.adapter.send(n.config, payload.message, { timeoutMs: timeoutFor(n.adapterId) });
    } catch (e) {
      // An adapter that throws instead of returning a result: report it, do not retry blindly.
      result = { ok: false, error: e instanceof Error ? e.message : String(e), retryable: false };
    }
  }
  return { result, durationMs: Math.round(performance.now() - started) };
};

/** Records the attempt and settles or reschedules the row; returns the delay before the next attempt, if any. */
const record = async (logId: string, result: DeliveryResult, durationMs: number): Promise<number | null> => {
  const row = await db.notificationLog.findUniqueOrThrow({ where: { id: logId }, select: { attempts: true } });
  const attempt = row.attempts + 1;
  const opts = deliveryOptions();
  const retry = !result.ok && result.retryable && attempt < opts.maxAttempts;
  const delay = retry ? backoffMs(attempt + 1, opts) : null;
  const error = result.ok ? null : result.error.slice(0, MAX_ERROR);
  await db.$transaction([
    db.notificationAttempt.create({
      data: { logId, attempt, status: result.ok ? "ok" : "failed", responseCode: result.responseCode ?? null, error, durationMs },
    }),
    db.notificationLog.update({
      where: { id: logId },
      data: {
        attempts: attempt,
        status: result.ok ? "sent" : retry ? "pending" : "failed",
        responseCode: result.responseCode ?? null,
        error,
        nextAttemptAt: delay === null ? null : new Date(Date.now() + delay),
        ...(result.ok ? { sentAt: new Date() } : {}),
      },
    }),
  ]);
  return delay;
};

/**
 * Attempts one delivery now, and its retries in the background. Resolves when this attempt is
 * recorded (retries resolve later, through timers or the dispatcher's sweep).
 */
export const attemptDelivery = async (logId: string): Promise<void> => {
  if (inFlight.has(logId)) return;
  inFlight.add(logId);
  const pendingTimer = timers.get(logId);
  if (pendingTimer) {
    clearTimeout(pendingTimer);
    timers.delete(logId);
  }
  try {
    const sent = await sendOnce(logId);
    if (!sent) return;
    const delay = await record(logId, sent.result, sent.durationMs);
    if (!sent.result.ok) log.warn("notification delivery failed", { logId, error: sent.result.error, retryInMs: delay });
    if (delay !== null) {
      const t = setTimeout(() => {
        timers.delete(logId);
        void attemptDelivery(logId);
      }, delay);
      t.unref?.();
      timers.set(logId, t);
    }
  } catch (e) {
    log.error("notification delivery could not be recorded", { logId, error: e });
  } finally {
    inFlight.delete(logId);
  }
};

/** Waits for the in-memory retries to be scheduled away (tests, shutdown). */
export const cancelScheduledRetries = (): void => {
  for (const t of timers.values()) clearTimeout(t);
  timers.clear();
};
