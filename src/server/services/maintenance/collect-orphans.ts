/**
 * Orphan GC: objects on a destination that look like Bunker backup artifacts but were never committed
 * (no `<key>.manifest.json` next to them and no Backup row), e.g. left behind by a crash mid-upload.
 * Safety rules: a manifest is never deleted; nothing younger than ORPHAN_MIN_AGE_MS is touched (a run may
 * be writing it); only keys shaped like `<slug>/<YYYY-MM-DD>/<file>` are considered, so foreign files
 * stored next to the backups are left alone. One destination's failure never stops the others.
 */
import type { DestinationAdapter, DestinationEntry } from "@/adapters/types";
import { MANIFEST_SUFFIX, manifestKeyFor } from "@/lib/backup/keys";
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { entryFor } from "../adapters/adapter-kinds";
import { openConfig, parseStored } from "../adapters/config-codec";
import { withAdapterContext } from "../adapters/with-adapter-context";
import { SYSTEM_ACTOR } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";

export const ORPHAN_MIN_AGE_MS = 24 * 60 * 60 * 1000;

/** `<job-slug>/<YYYY-MM-DD>/<file>`: the only keys the GC ever considers. */
export const BUNKER_KEY_PATTERN = /^[a-z0-9-]+\/\d{4}-\d{2}-\d{2}\/[^/]+$/;

export type CollectOrphansResult = {
  destinations: number;
  scanned: number;
  deleted: number;
  /** Keys deleted, as `<destination name>:<key>` */
  deletedKeys: string[];
  errors: string[];
};

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Pure decision: the keys of `objects` that are orphans at `now`. */
export const findOrphans = (
  objects: Array<{ key: string; modifiedAt: Date }>,
  committedKeys: ReadonlySet<string>,
  now: Date,
  minAgeMs = ORPHAN_MIN_AGE_MS,
): string[] => {
  const present = new Set(objects.map((o) => o.key));
  return objects
    .filter(
      (o) =>
        BUNKER_KEY_PATTERN.test(o.key) &&
        !o.key.endsWith(MANIFEST_SUFFIX) &&
        !present.has(manifestKeyFor(o.key)) &&
        !committedKeys.has(o.key) &&
        now.getTime() - o.modifiedAt.getTime() >= minAgeMs,
    )
    .map((o) => o.key);
};

export const collectOrphans = async (opts: { now?: Date; minAgeMs?: number } = {}): Promise<CollectOrphansResult> => {
  const now = opts.now ?? new Date();
  const minAgeMs = Math.max(opts.minAgeMs ?? ORPHAN_MIN_AGE_MS, ORPHAN_MIN_AGE_MS);
  const rows = await db.adapterConfig.findMany({ where: { kind: "destination" }, orderBy: { name: "asc" } });
  const result: CollectOrphansResult = { destinations: rows.length, scanned: 0, deleted: 0, deletedKeys: [], errors: [] };

  for (const row of rows) {
    try {
      const entry = entryFor("destination", row.adapterId) as DestinationEntry;
      const parsed = entry.configSchema.safeParse(openConfig(row.id, entry.configSchema, parseStored(row.config)));
      if (!parsed.success) throw new Error(`the settings are invalid (${parsed.error.issues[0]?.path.join(".") || "config"})`);
      const adapter = (await entry.load()) as DestinationAdapter<unknown>;
      const committed = new Set(
        (await db.backup.findMany({ where: { destinationId: row.id }, select: { key: true } })).map((b) => b.key),
      );
      await withAdapterContext(async (ctx) => {
        const objects = await adapter.list(parsed.data, "", ctx);
        result.scanned += objects.length;
        for (const key of findOrphans(objects, committed, now, minAgeMs)) {
          try {
            await adapter.delete(parsed.data, key, ctx);
            result.deleted++;
            result.deletedKeys.push(`${row.name}:${key}`);
            log.info("orphan GC deleted an uncommitted object", { destination: row.name, key });
          } catch (e) {
            result.errors.push(`${row.name}: could not delete ${key}: ${message(e)}`);
          }
        }
      });
    } catch (e) {
      result.errors.push(`${row.name}: ${message(e)}`);
    }
  }

  if (result.errors.length) log.warn("orphan GC finished with errors", { errors: result.errors });
  await recordAudit({
    actor: SYSTEM_ACTOR,
    action: "system.orphan_gc",
    resourceType: "system",
    outcome: result.errors.length ? "failure" : "success",
    details: { destinations: result.destinations, scanned: result.scanned, deleted: result.deleted, deletedKeys: result.deletedKeys.slice(0, 100), errors: result.errors.slice(0, 20) },
  });
  return result;
};
