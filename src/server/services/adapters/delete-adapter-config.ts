import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { drillTargetUsage } from "../drills/drill-target-usage";
import type { AdapterKind } from "./adapter-kinds";
import { toAdapterDto, usageOf, usageSelect } from "./adapter-dto";

/**
 * Refused while a job uses it (as source, destination, notifier or drill scratch target) or a drill's
 * scratch database on it is still to be dropped: deleting would orphan the job or the leftover database.
 */
export const deleteAdapterConfig = async ({ kind, id, actor }: { kind: AdapterKind; id: string; actor: Actor }): Promise<void> => {
  const row = await db.adapterConfig.findFirst({ where: { id, kind }, include: usageSelect });
  if (!row) throw new AppError("NOT_FOUND", `That ${kind} does not exist.`);
  const jobs = usageOf(row);
  if (jobs.length) {
    throw new AppError("CONFLICT", `${row.name} is used by ${jobs.length === 1 ? "the job" : "the jobs"} ${jobs.join(", ")}. Change or delete ${jobs.length === 1 ? "that job" : "those jobs"} first.`);
  }
  if (kind === "source") {
    const drills = await drillTargetUsage(id);
    if (drills.jobs.length) {
      throw new AppError("CONFLICT", `${row.name} is the restore drill scratch target of ${drills.jobs.length === 1 ? "the job" : "the jobs"} ${drills.jobs.join(", ")}. Pick another scratch target there first.`);
    }
    if (drills.pendingScratch.length) {
      throw new AppError("CONFLICT", `${row.name} still holds the drill scratch database ${drills.pendingScratch.join(", ")} that Bunker could not drop yet. Run the Drill scratch cleanup task (System tasks) once the server is reachable, then delete it.`);
    }
  }
  if (kind === "destination" && (await db.backup.count({ where: { destinationId: id } })) > 0) {
    throw new AppError("CONFLICT", `${row.name} still holds backups known to Bunker. Delete them first, or keep the destination.`);
  }
  await db.adapterConfig.delete({ where: { id } });
  const dto = toAdapterDto(row);
  await recordAudit({ actor, action: `${kind}.delete`, resourceType: kind, resourceId: id, before: { name: dto.name, type: dto.adapterId, ...dto.values } });
};
