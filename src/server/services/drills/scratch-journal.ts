/**
 * Every scratch database a drill creates is written down in its Execution's metadata BEFORE the restore
 * starts, and marked dropped once it is gone. A drill cut off by a crash, or a drop that failed (the
 * scratch target was down), leaves a `pending` entry: the sweep drops it later, at boot and from
 * the hourly "Drill scratch cleanup" task. Only names Bunker recorded are ever dropped: nothing is guessed
 * from a listing, so two Bunker instances sharing a scratch server never drop each other's drills.
 */
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { isAppError } from "@/server/errors";
import { withAdapterContext } from "../adapters/with-adapter-context";
import { openRestoreTarget } from "../restore/open-restore-target";

/**
 * pending: not dropped yet (the drill is running, was cut off, or its drop failed);
 * orphaned: the scratch target source was deleted since, so nobody can drop it (said in `error`).
 */
export type ScratchStatus = "pending" | "dropped" | "orphaned";
export type ScratchEntry = { targetSourceId: string; database: string; status: ScratchStatus; error?: string };

type DrillMetadata = { drill?: { trigger?: string; scratch?: ScratchEntry[] } & Record<string, unknown> } & Record<string, unknown>;

const parse = (json: string | null): DrillMetadata => {
  try {
    const v: unknown = JSON.parse(json ?? "{}");
    return v && typeof v === "object" && !Array.isArray(v) ? (v as DrillMetadata) : {};
  } catch {
    return {};
  }
};

const isEntry = (v: unknown): v is ScratchEntry =>
  !!v && typeof v === "object" && typeof (v as ScratchEntry).targetSourceId === "string" && typeof (v as ScratchEntry).database === "string";

export const scratchEntries = (metadata: string | null): ScratchEntry[] => {
  const list = parse(metadata).drill?.scratch;
  return Array.isArray(list) ? list.filter(isEntry) : [];
};

/** Read-modify-write of one drill's entries: only the drill's own runner (or the sweep, once it ended) writes them. */
const update = async (executionId: string, change: (list: ScratchEntry[]) => ScratchEntry[]): Promise<void> => {
  const row = await db.execution.findUnique({ where: { id: executionId }, select: { metadata: true } });
  if (!row) return;
  const meta = parse(row.metadata);
  const drill = { ...(meta.drill ?? {}), scratch: change(scratchEntries(row.metadata)) };
  await db.execution.update({ where: { id: executionId }, data: { metadata: JSON.stringify({ ...meta, drill }) } });
};

export const recordScratch = (executionId: string, targetSourceId: string, database: string): Promise<void> =>
  update(executionId, (list) => [...list.filter((e) => e.database !== database || e.targetSourceId !== targetSourceId), { targetSourceId, database, status: "pending" }]);

export const markScratch = (executionId: string, e: { targetSourceId: string; database: string }, outcome: { status: ScratchStatus; error?: string }): Promise<void> =>
  update(executionId, (list) => list.map((x) => (x.database === e.database && x.targetSourceId === e.targetSourceId ? { targetSourceId: x.targetSourceId, database: x.database, ...outcome } : x)));

/** Drops one recorded scratch database on its target (no signal: a cancelled drill still cleans up). */
export const dropScratchDatabase = async (targetSourceId: string, database: string): Promise<void> => {
  const source = await openRestoreTarget(targetSourceId);
  if (!source.adapter.dropDatabase) throw new Error(`${source.adapterId} cannot drop databases`);
  const drop = source.adapter.dropDatabase.bind(source.adapter);
  await withAdapterContext((ctx) => drop(source.config, database, ctx));
};

export type ScratchSweep = { found: number; dropped: number; errors: string[] };

/**
 * Drops what ended drills left behind. Drills still Pending or Running are skipped (theirs is dropped by
 * their own runner); at boot none are, since recoverInterruptedRuns has just ended them.
 */
export const sweepLeftoverScratch = async (): Promise<ScratchSweep> => {
  const rows = await db.execution.findMany({
    where: { type: "Drill", status: { notIn: ["Pending", "Running"] }, metadata: { contains: '"status":"pending"' } },
    select: { id: true, metadata: true },
    orderBy: { createdAt: "asc" },
    take: 200,
  });
  const out: ScratchSweep = { found: 0, dropped: 0, errors: [] };
  for (const row of rows) {
    for (const e of scratchEntries(row.metadata).filter((x) => x.status === "pending")) {
      out.found++;
      try {
        await dropScratchDatabase(e.targetSourceId, e.database);
        await markScratch(row.id, e, { status: "dropped" });
        out.dropped++;
        log.info("dropped a scratch database a drill left behind", { executionId: row.id, database: e.database });
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        // A deleted scratch target cannot be reached again: stop retrying, keep the name for people.
        const gone = isAppError(err) && err.code === "NOT_FOUND";
        await markScratch(row.id, e, { status: gone ? "orphaned" : "pending", error }).catch(() => undefined);
        out.errors.push(`${e.database}: ${error}`);
      }
    }
  }
  return out;
};
