/** A stored notifier ready to send: its adapter and its config with secrets opened (in memory only). */
import { notifierEntry } from "@/adapters/notifiers/registry";
import type { NotifierAdapter } from "@/adapters/notifiers/types";
import { openConfig, parseStored } from "../adapters/config-codec";

export type NotifierRow = { id: string; name: string; kind: string; adapterId: string; config: string };

export type OpenedNotifier = { id: string; name: string; adapterId: string; adapter: NotifierAdapter<unknown>; config: unknown };

export class NotifierOpenError extends Error {
  override readonly name = "NotifierOpenError";
}

export const openNotifier = async (row: NotifierRow): Promise<OpenedNotifier> => {
  const entry = row.kind === "notifier" ? notifierEntry(row.adapterId) : undefined;
  if (!entry) throw new NotifierOpenError(`${row.name} is not a known notifier type (${row.adapterId})`);
  let plain: Record<string, unknown>;
  try {
    plain = openConfig(row.id, entry.configSchema, parseStored(row.config));
  } catch (e) {
    throw new NotifierOpenError(`could not open the settings of ${row.name} (were they encrypted with another ENCRYPTION_KEY?): ${(e as Error).message}`);
  }
  const parsed = entry.configSchema.safeParse(plain);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new NotifierOpenError(`the settings of ${row.name} are invalid (${first?.path.join(".") || "config"}: ${first?.message ?? "invalid"}); edit and save it again`);
  }
  return { id: row.id, name: row.name, adapterId: row.adapterId, adapter: (await entry.load()) as NotifierAdapter<unknown>, config: parsed.data };
};
