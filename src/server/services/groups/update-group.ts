import { db } from "@/server/db";
import { AppError, isUniqueViolation } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { type GroupDto, toGroupDto } from "./group-dto";
import type { TUpdateGroup } from "./groups.schema";

/** Seeded groups keep their names (docs and presets refer to them); SuperAdmin's rights are fixed. */
export const updateGroup = async ({ data, actor }: { data: TUpdateGroup; actor: Actor }): Promise<GroupDto> => {
  const before = await db.group.findUnique({ where: { id: data.groupId }, include: { _count: { select: { users: true } } } });
  if (!before) throw new AppError("NOT_FOUND", "That group does not exist.");
  if (before.isSystem && before.name !== data.name) throw new AppError("CONFLICT", `${before.name} is a built-in group and cannot be renamed.`, { fieldErrors: { name: ["Built-in name"] } });
  if (before.isSuperAdmin) throw new AppError("CONFLICT", "SuperAdmin always has every permission and cannot be edited.");
  try {
    const g = await db.group.update({
      where: { id: data.groupId },
      data: { name: data.name, description: data.description, permissions: JSON.stringify(data.permissions) },
      include: { _count: { select: { users: true } } },
    });
    const b = toGroupDto(before);
    const a = toGroupDto(g);
    await recordAudit({
      actor,
      action: "group.update",
      resourceType: "group",
      resourceId: g.id,
      before: { name: b.name, description: b.description, permissions: b.permissions },
      after: { name: a.name, description: a.description, permissions: a.permissions },
    });
    return a;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", `A group named ${data.name} already exists.`, { fieldErrors: { name: ["Already in use"] } });
    throw e;
  }
};
