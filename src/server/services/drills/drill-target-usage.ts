/**
 * Who still needs a source as a drill scratch target: jobs whose drill settings name it, and drills whose
 * scratch database on it is not dropped yet. A source in either list must not be deleted: the jobs'
 * drills would fail, and the leftover database could never be dropped by Bunker again.
 */
import { parseDrillSettings } from "@/lib/drills/settings";
import { db } from "@/server/db";
import { scratchEntries } from "./scratch-journal";

export const drillTargetUsage = async (sourceId: string): Promise<{ jobs: string[]; pendingScratch: string[] }> => {
  // The JSON holds the id as a quoted string: the LIKE narrows, the parse decides.
  const [jobs, drills] = await Promise.all([
    db.job.findMany({ where: { drill: { contains: `"${sourceId}"` } }, select: { name: true, drill: true }, orderBy: { name: "asc" } }),
    db.execution.findMany({ where: { type: "Drill", metadata: { contains: `"${sourceId}"` } }, select: { metadata: true } }),
  ]);
  return {
    jobs: jobs.filter((j) => parseDrillSettings(j.drill).targetSourceId === sourceId).map((j) => j.name),
    pendingScratch: drills.flatMap((d) => scratchEntries(d.metadata).filter((e) => e.targetSourceId === sourceId && e.status === "pending").map((e) => e.database)),
  };
};
