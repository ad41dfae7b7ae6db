/**
 * *Send test*: sends a sample message through what the form holds (stored secrets fill the empty
 * secret fields when editing), once, without retries, and records it in the delivery log.
 */
import type { ConnectionTest } from "@/adapters/types";
import type { DeliveryResult, NotifierAdapter } from "@/adapters/notifiers/types";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { entryFor, parseConfig } from "../adapters/adapter-kinds";
import type { TTestAdapter } from "../adapters/adapters.schema";
import { mergeWithStored } from "../adapters/merge-config";
import { testMessage } from "./build-message";
import { encodePayload } from "./delivery-payload";
import { timeoutFor } from "./delivery-options";

export const sendTestNotification = async ({ data }: { data: TTestAdapter }): Promise<ConnectionTest> => {
  const row = data.id ? await db.adapterConfig.findFirst({ where: { id: data.id, kind: "notifier" } }) : null;
  if (data.id && !row) throw new AppError("NOT_FOUND", "That notifier does not exist.");
  const adapterId = row?.adapterId ?? data.adapterId;
  const entry = entryFor("notifier", adapterId);
  const plain = parseConfig(entry.configSchema, mergeWithStored(entry, row, data.config, data.clearSecrets));
  const name = data.name?.trim() || row?.name || "This notifier";
  const adapter = (await entry.load()) as NotifierAdapter<unknown>;
  const message = await testMessage(name);
  const preview = adapter.preview(plain, message);

  const started = performance.now();
  let result: DeliveryResult;
  try {
    result = await adapter.send(plain, message, { timeoutMs: timeoutFor(adapterId) });
  } catch (e) {
    result = { ok: false, error: e instanceof Error ? e.message : String(e), retryable: false };
  }
  const latencyMs = Math.round(performance.now() - started);
  const error = result.ok ? null : result.error.slice(0, 1000);
  await db.notificationLog.create({
    data: {
      notifierId: row?.id ?? null,
      notifierName: name,
      adapterId,
      event: "test",
      title: message.title,
      status: result.ok ? "sent" : "failed",
      attempts: 1,
      responseCode: result.responseCode ?? null,
      error,
      payload: encodePayload({ message, preview }),
      ...(result.ok ? { sentAt: new Date() } : {}),
      attemptLog: { create: { attempt: 1, status: result.ok ? "ok" : "failed", responseCode: result.responseCode ?? null, error, durationMs: latencyMs } },
    },
  });
  return result.ok ? { ok: true, latencyMs, details: `Sent (${result.detail ?? "accepted"})` } : { ok: false, latencyMs, error: result.error };
};
