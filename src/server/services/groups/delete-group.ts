import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { toGroupDto } from "./group-dto";

export const deleteGroup = async ({ groupId, actor }: { groupId: string; actor: Actor }): Promise<void> => {
  const g = await db.group.findUnique({ where: { id: groupId }, include: { _count: { select: { users: true } } } });
  if (!g) throw new AppError("NOT_FOUND", "That group does not exist.");
  if (g.isSystem) throw new AppError("CONFLICT", `${g.name} is a built-in group and cannot be deleted.`);
  if (g._count.users > 0) throw new AppError("CONFLICT", `${g.name} still has ${g._count.users} member(s). Move them to another group first.`);
  await db.group.delete({ where: { id: groupId } });
  const dto = toGroupDto(g);
  await recordAudit({ actor, action: "group.delete", resourceType: "group", resourceId: groupId, before: { name: dto.name, permissions: dto.permissions } });
};
