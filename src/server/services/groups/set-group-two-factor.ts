import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { type GroupDto, toGroupDto } from "./group-dto";
import type { TSetGroupTwoFactor } from "./groups.schema";

/**
 * Separate from updateGroup because it applies to SuperAdmin too (whose permissions are fixed): the
 * group that most needs a second factor. Enforcement is in the caller resolution (needsTwoFactor).
 */
export const setGroupTwoFactor = async ({ data, actor }: { data: TSetGroupTwoFactor; actor: Actor }): Promise<GroupDto> => {
  const before = await db.group.findUnique({ where: { id: data.groupId } });
  if (!before) throw new AppError("NOT_FOUND", "That group does not exist.");
  const g = await db.group.update({
    where: { id: data.groupId },
    data: { requireTwoFactor: data.required },
    include: { _count: { select: { users: true } } },
  });
  if (before.requireTwoFactor !== data.required) {
    // Members affected right now: they are held on their profile until they enrol.
    const withoutSecondFactor = data.required
      ? await db.user.count({ where: { groupId: g.id, OR: [{ twoFactorEnabled: false }, { twoFactorEnabled: null }], passkeys: { none: {} } } })
      : 0;
    await recordAudit({
      actor,
      action: "group.require_two_factor",
      resourceType: "group",
      resourceId: g.id,
      before: { name: before.name, requireTwoFactor: before.requireTwoFactor },
      after: { name: g.name, requireTwoFactor: g.requireTwoFactor },
      ...(data.required ? { details: { membersWithoutSecondFactor: withoutSecondFactor } } : {}),
    });
  }
  return toGroupDto(g);
};
