import { db } from "@/server/db";
import { AppError, isUniqueViolation } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { CREDENTIAL_PROVIDER, credentialAccountData } from "./credentials";
import { assertAnotherActiveSuperAdmin } from "./super-admin-guard";
import { auditableUser, USER_DTO_SELECT, type UserDto } from "./user-dto";
import type { TUpdateUser } from "./users.schema";

export type UpdateUserOptions = { data: TUpdateUser; actor: Actor };

export const updateUser = async ({ data, actor }: UpdateUserOptions): Promise<UserDto> => {
  const before = await db.user.findUnique({ where: { id: data.userId }, select: USER_DTO_SELECT });
  if (!before) throw new AppError("NOT_FOUND", "That user does not exist.");
  const group = await db.group.findUnique({ where: { id: data.groupId }, select: { id: true, isSuperAdmin: true } });
  if (!group) throw new AppError("VALIDATION", "That group does not exist.", { fieldErrors: { groupId: ["Unknown group"] } });
  if (before.group?.isSuperAdmin && !group.isSuperAdmin) await assertAnotherActiveSuperAdmin(data.userId, "move this user out of SuperAdmin");

  const account = data.newPassword ? await credentialAccountData(data.userId, data.newPassword) : null;
  try {
    const after = await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: data.userId }, data: { name: data.name, email: data.email, groupId: group.id } });
      if (account) {
        // A reset by an admin replaces the password and ends the user's sessions everywhere.
        await tx.account.deleteMany({ where: { userId: data.userId, providerId: CREDENTIAL_PROVIDER } });
        await tx.account.create({ data: account });
        await tx.session.deleteMany({ where: { userId: data.userId } });
      }
      return tx.user.findUniqueOrThrow({ where: { id: data.userId }, select: USER_DTO_SELECT });
    });
    await recordAudit({
      actor,
      action: "user.update",
      resourceType: "user",
      resourceId: data.userId,
      before: auditableUser(before),
      after: auditableUser(after),
      details: account ? { passwordReset: true } : undefined,
    });
    return after;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", `A user with the email ${data.email} already exists.`, { fieldErrors: { email: ["Already in use"] } });
    throw e;
  }
};
