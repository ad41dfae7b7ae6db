import type { ConnectionTest } from "@/adapters/types";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { sendTestNotification } from "../notifications/send-test-notification";
import { type AdapterKind, type ConnectableEntry, entryFor, parseConfig } from "./adapter-kinds";
import type { TTestAdapter } from "./adapters.schema";
import { mergeWithStored } from "./merge-config";
import { runConnectionTest } from "./run-connection-test";

/**
 * The form's *Test connection*: tests what the form holds (with stored secrets filling empty secret
 * fields when editing), without saving anything. For a notifier that is *Send test*: a sample message.
 */
export const testAdapterConnection = async ({ kind, data }: { kind: AdapterKind; data: TTestAdapter }): Promise<ConnectionTest> => {
  if (kind === "notifier") return sendTestNotification({ data });
  const row = data.id ? await db.adapterConfig.findFirst({ where: { id: data.id, kind } }) : null;
  if (data.id && !row) throw new AppError("NOT_FOUND", `That ${kind} does not exist.`);
  const entry = entryFor(kind, row?.adapterId ?? data.adapterId) as ConnectableEntry;
  const plain = parseConfig(entry.configSchema, mergeWithStored(entry, row, data.config, data.clearSecrets));
  return runConnectionTest(entry, plain);
};
