/**
 * Opens a stored source or destination for use: its adapter module and its config with secrets
 * decrypted (in memory only, never logged or stored). Shared by backup runs, restores, verification
 * and the storage explorer.
 */
import type { DestinationAdapter, DestinationEntry, Engine, SourceAdapter, SourceEntry } from "@/adapters/types";
import { entryFor } from "./adapter-kinds";
import { openConfig, parseStored } from "./config-codec";

export class AdapterOpenError extends Error {
  override readonly name = "AdapterOpenError";
}

export type AdapterRow = { id: string; name: string; kind: string; adapterId: string; config: string };

export type OpenedSource = {
  id: string;
  name: string;
  adapterId: string;
  engine: Engine;
  adapter: SourceAdapter<unknown>;
  /** Plain config with secrets: never logged, never stored */
  config: unknown;
};

export type OpenedDestination = {
  id: string;
  name: string;
  adapterId: string;
  adapter: DestinationAdapter<unknown>;
  /** Plain config with secrets: never logged, never stored */
  config: unknown;
};

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The stored config, decrypted and validated; AdapterOpenError names the field only (values may be secret). */
export const openPlainConfig = (row: AdapterRow, entry: SourceEntry | DestinationEntry, what: string): unknown => {
  let plain: Record<string, unknown>;
  try {
    plain = openConfig(row.id, entry.configSchema, parseStored(row.config));
  } catch (e) {
    throw new AdapterOpenError(`could not open the settings of ${what} ${row.name} (were they encrypted with another ENCRYPTION_KEY?): ${message(e)}`);
  }
  const parsed = entry.configSchema.safeParse(plain);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AdapterOpenError(`the settings of ${what} ${row.name} are invalid (${first?.path.join(".") || "config"}: ${first?.message ?? "invalid"}); edit and save it again`);
  }
  return parsed.data;
};

export const openSource = async (row: AdapterRow): Promise<OpenedSource> => {
  if (row.kind !== "source") throw new AdapterOpenError(`${row.name} is not a source`);
  const entry = entryFor("source", row.adapterId) as SourceEntry;
  return { id: row.id, name: row.name, adapterId: row.adapterId, engine: entry.engine, config: openPlainConfig(row, entry, "source"), adapter: await entry.load() };
};

export const openDestination = async (row: AdapterRow): Promise<OpenedDestination> => {
  if (row.kind !== "destination") throw new AdapterOpenError(`${row.name} is not a destination`);
  const entry = entryFor("destination", row.adapterId) as DestinationEntry;
  return { id: row.id, name: row.name, adapterId: row.adapterId, config: openPlainConfig(row, entry, "destination"), adapter: await entry.load() };
};
