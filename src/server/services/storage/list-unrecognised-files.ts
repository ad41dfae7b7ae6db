/**
 * Objects on a destination that are not a committed backup: neither a Backup row's key nor its
 * manifest key (Bunker's own `.partial-<hex>` in-progress files and probes are left out too). They are
 * shown apart from the backups and never offered as restorable. Which of them the orphan GC will
 * remove is decided by the GC's own rule (findOrphans), not a copy of it. One destination that cannot
 * be listed reports its error; the others are still listed.
 */
import { isInternalName } from "@/adapters/destinations/object-key";
import { MANIFEST_SUFFIX } from "@/lib/backup/keys";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { openDestination } from "../adapters/open-adapter";
import { withAdapterContext } from "../adapters/with-adapter-context";
import { BUNKER_KEY_PATTERN, ORPHAN_MIN_AGE_MS, findOrphans } from "../maintenance/collect-orphans";

/** Per destination, at most this many files are returned (the count says how many there are). */
export const UNRECOGNISED_LIMIT = 500;

export type UnrecognisedKind =
  /** Bunker-shaped data file with no manifest and no record: the orphan GC removes it once old enough */
  | "uncommitted"
  /** A manifest with no Backup row (its backup was deleted halfway, or it comes from another instance) */
  | "manifest"
  /** A Bunker-shaped file next to a manifest, but with no Backup row */
  | "unrecorded"
  /** Anything else: not Bunker's, never touched */
  | "foreign";

export type UnrecognisedFile = { key: string; size: number; modifiedAt: string; kind: UnrecognisedKind; gcAt: string | null };

export type DestinationFiles = {
  destination: { id: string; name: string; adapterId: string };
  ok: boolean;
  error: string | null;
  /** All unrecognised files, even beyond the returned ones */
  count: number;
  totalBytes: number;
  files: UnrecognisedFile[];
};

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const classifyUnrecognised = (
  objects: Array<{ key: string; size: number; modifiedAt: Date }>,
  knownKeys: ReadonlySet<string>,
  now: Date,
): UnrecognisedFile[] => {
  const visible = objects.filter((o) => !isInternalName(o.key.slice(o.key.lastIndexOf("/") + 1)));
  const present = new Set(visible.map((o) => o.key));
  const gcCandidates = new Set(findOrphans(visible, knownKeys, now, 0));
  return visible
    .filter((o) => !knownKeys.has(o.key))
    .map((o): UnrecognisedFile => {
      const shaped = BUNKER_KEY_PATTERN.test(o.key);
      const kind: UnrecognisedKind = gcCandidates.has(o.key)
        ? "uncommitted"
        : shaped && o.key.endsWith(MANIFEST_SUFFIX)
          ? "manifest"
          : shaped && present.has(`${o.key}${MANIFEST_SUFFIX}`)
            ? "unrecorded"
            : "foreign";
      const gcAt = kind === "uncommitted" ? new Date(o.modifiedAt.getTime() + ORPHAN_MIN_AGE_MS).toISOString() : null;
      return { key: o.key, size: o.size, modifiedAt: o.modifiedAt.toISOString(), kind, gcAt };
    })
    .sort((a, b) => (a.modifiedAt < b.modifiedAt ? 1 : a.modifiedAt > b.modifiedAt ? -1 : a.key.localeCompare(b.key)));
};

const filesOf = async (row: { id: string; name: string; kind: string; adapterId: string; config: string }, now: Date): Promise<DestinationFiles> => {
  const base = { destination: { id: row.id, name: row.name, adapterId: row.adapterId } };
  try {
    const dest = await openDestination(row);
    const rows = await db.backup.findMany({ where: { destinationId: row.id }, select: { key: true, manifestKey: true } });
    const known = new Set(rows.flatMap((r) => [r.key, r.manifestKey || `${r.key}${MANIFEST_SUFFIX}`]));
    const objects = await withAdapterContext((ctx) => dest.adapter.list(dest.config, "", ctx));
    const files = classifyUnrecognised(objects, known, now);
    return { ...base, ok: true, error: null, count: files.length, totalBytes: files.reduce((s, f) => s + f.size, 0), files: files.slice(0, UNRECOGNISED_LIMIT) };
  } catch (e) {
    return { ...base, ok: false, error: message(e), count: 0, totalBytes: 0, files: [] };
  }
};

/** Every destination (or the one asked for), listed in parallel. */
export const listUnrecognisedFiles = async (o: { destinationId?: string; now?: Date } = {}): Promise<DestinationFiles[]> => {
  const now = o.now ?? new Date();
  const rows = await db.adapterConfig.findMany({
    where: { kind: "destination", ...(o.destinationId ? { id: o.destinationId } : {}) },
    select: { id: true, name: true, kind: true, adapterId: true, config: true },
    orderBy: { name: "asc" },
  });
  if (o.destinationId && rows.length === 0) throw new AppError("NOT_FOUND", "That destination does not exist.");
  return Promise.all(rows.map((r) => filesOf(r, now)));
};
