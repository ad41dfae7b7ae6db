import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import type { AdapterKind } from "./adapter-kinds";
import { toAdapterDto, usageOf, usageSelect } from "./adapter-dto";

/** Refused while a job uses it: deleting would orphan the job's schedule and its backups' location. */
export const deleteAdapterConfig = async ({ kind, id, actor }: { kind: AdapterKind; id: string; actor: Actor }): Promise<void> => {
  const row = await db.adapterConfig.findFirst({ where: { id, kind }, include: usageSelect });
  if (!row) throw new AppError("NOT_FOUND", `That ${kind} does not exist.`);
  const jobs = usageOf(row);
  if (jobs.length) {
    throw new AppError("CONFLICT", `${row.name} is used by ${jobs.length === 1 ? "the job" : "the jobs"} ${jobs.join(", ")}. Change or delete ${jobs.length === 1 ? "that job" : "those jobs"} first.`);
  }
  if (kind === "destination" && (await db.backup.count({ where: { destinationId: id } })) > 0) {
    throw new AppError("CONFLICT", `${row.name} still holds backups known to Bunker. Delete them first, or keep the destination.`);
  }
  await db.adapterConfig.delete({ where: { id } });
  const dto = toAdapterDto(row);
  await recordAudit({ actor, action: `${kind}.delete`, resourceType: kind, resourceId: id, before: { name: dto.name, type: dto.adapterId, ...dto.values } });
};
