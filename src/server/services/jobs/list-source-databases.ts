import { isAdapterError } from "@/adapters/errors";
import type { SourceEntry } from "@/adapters/types";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { entryFor } from "../adapters/adapter-kinds";
import { openConfig, parseStored } from "../adapters/config-codec";
import { withAdapterContext } from "../adapters/with-adapter-context";

export type ListSourceDatabasesOptions = { sourceId: string };

export type SourceDatabases = { ok: true; databases: string[] } | { ok: false; error: string };

const TIMEOUT_MS = 15_000;

/**
 * The databases a source holds, for the job form's picker. A server that is down, refuses the login or
 * takes longer than 15 s is an answer too ({ ok: false, error }): the form then lets the user type names.
 */
export const listSourceDatabases = async ({ sourceId }: ListSourceDatabasesOptions): Promise<SourceDatabases> => {
  const row = await db.adapterConfig.findFirst({ where: { id: sourceId, kind: "source" } });
  if (!row) throw new AppError("NOT_FOUND", "That source does not exist.");
  const entry = entryFor("source", row.adapterId) as SourceEntry;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    const config = openConfig(row.id, entry.configSchema, parseStored(row.config));
    const adapter = await entry.load();
    const listing = withAdapterContext((ctx) => adapter.listDatabases(config as never, ctx), controller.signal);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new AppError("UNAVAILABLE", `${row.name} did not answer within ${TIMEOUT_MS / 1000} s`));
      }, TIMEOUT_MS);
    });
    listing.catch(() => undefined); // a late failure after the timeout is not unhandled
    const names = await Promise.race([listing, timeout]);
    return { ok: true, databases: [...new Set(names)].sort((a, b) => a.localeCompare(b)) };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e.message };
    if (isAdapterError(e)) return { ok: false, error: `${row.name}: ${e.message}` };
    return { ok: false, error: `${row.name}: unexpected error: ${(e as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
};
