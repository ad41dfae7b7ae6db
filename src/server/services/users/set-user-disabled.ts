import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { assertAnotherActiveSuperAdmin } from "./super-admin-guard";
import { USER_DTO_SELECT, type UserDto } from "./user-dto";

export type SetUserDisabledOptions = { userId: string; disabled: boolean; actor: Actor };

/** Disabling ends every session of that user at once; sign-in is refused until re-enabled. */
export const setUserDisabled = async ({ userId, disabled, actor }: SetUserDisabledOptions): Promise<UserDto> => {
  const user = await db.user.findUnique({ where: { id: userId }, select: USER_DTO_SELECT });
  if (!user) throw new AppError("NOT_FOUND", "That user does not exist.");
  if (disabled && actor.kind === "user" && actor.userId === userId) throw new AppError("CONFLICT", "You cannot disable your own account.");
  if (disabled && user.group?.isSuperAdmin) await assertAnotherActiveSuperAdmin(userId, "disable this user");

  const after = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { banned: disabled, banReason: disabled ? "Disabled by an administrator" : null } });
    if (disabled) await tx.session.deleteMany({ where: { userId } });
    return tx.user.findUniqueOrThrow({ where: { id: userId }, select: USER_DTO_SELECT });
  });
  await recordAudit({
    actor,
    action: disabled ? "user.disable" : "user.enable",
    resourceType: "user",
    resourceId: userId,
    before: { disabled: !!user.banned },
    after: { disabled },
  });
  return after;
};
