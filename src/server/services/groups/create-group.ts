import { db } from "@/server/db";
import { AppError, isUniqueViolation } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { type GroupDto, toGroupDto } from "./group-dto";
import type { TGroupFields } from "./groups.schema";

export const createGroup = async ({ data, actor }: { data: TGroupFields; actor: Actor }): Promise<GroupDto> => {
  try {
    const g = await db.group.create({
      data: { name: data.name, description: data.description, permissions: JSON.stringify(data.permissions) },
    });
    const dto = toGroupDto(g);
    await recordAudit({ actor, action: "group.create", resourceType: "group", resourceId: g.id, after: { name: dto.name, permissions: dto.permissions } });
    return dto;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", `A group named ${data.name} already exists.`, { fieldErrors: { name: ["Already in use"] } });
    throw e;
  }
};
