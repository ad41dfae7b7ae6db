/**
 * Boot-time cleanup of what a crash left behind on each destination: Bunker's own in-progress artifacts
 * (`*.partial-<hex>` files, unfinished S3 multipart uploads), through the adapters' optional
 * cleanupPartials(). Never throws: one destination's failure is collected and logged, the others go on.
 */
import type { DestinationAdapter, DestinationEntry } from "@/adapters/types";
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { entryFor } from "../adapters/adapter-kinds";
import { openConfig, parseStored } from "../adapters/config-codec";
import { withAdapterContext } from "../adapters/with-adapter-context";

export type CleanupPartialsResult = {
  destinations: number;
  removed: number;
  errors: string[];
};

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const cleanupPartials = async (): Promise<CleanupPartialsResult> => {
  const result: CleanupPartialsResult = { destinations: 0, removed: 0, errors: [] };
  try {
    const rows = await db.adapterConfig.findMany({ where: { kind: "destination" }, orderBy: { name: "asc" } });
    result.destinations = rows.length;
    for (const row of rows) {
      try {
        const entry = entryFor("destination", row.adapterId) as DestinationEntry;
        const parsed = entry.configSchema.safeParse(openConfig(row.id, entry.configSchema, parseStored(row.config)));
        if (!parsed.success) throw new Error(`the settings are invalid (${parsed.error.issues[0]?.path.join(".") || "config"})`);
        const adapter = (await entry.load()) as DestinationAdapter<unknown>;
        if (!adapter.cleanupPartials) continue;
        const cleanup = adapter.cleanupPartials.bind(adapter);
        const res = await withAdapterContext((ctx) => cleanup(parsed.data, ctx));
        result.removed += res.removed;
        if (res.unsupported) log.debug("partial cleanup not supported by this server", { destination: row.name, reason: res.unsupported });
        if (res.removed) log.info("removed in-progress artifacts left by an interrupted run", { destination: row.name, removed: res.removed });
      } catch (e) {
        result.errors.push(`${row.name}: ${message(e)}`);
      }
    }
  } catch (e) {
    result.errors.push(message(e));
  }
  if (result.errors.length) log.warn("partial cleanup finished with errors", { errors: result.errors });
  return result;
};
