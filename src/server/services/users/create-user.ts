import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import { AppError, isUniqueViolation } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { credentialAccountData } from "./credentials";
import { auditableUser, USER_DTO_SELECT, type UserDto } from "./user-dto";
import type { TCreateUser } from "./users.schema";

export type CreateUserOptions = { data: TCreateUser; actor: Actor };

export const createUser = async ({ data, actor }: CreateUserOptions): Promise<UserDto> => {
  const group = await db.group.findUnique({ where: { id: data.groupId }, select: { id: true } });
  if (!group) throw new AppError("VALIDATION", "That group does not exist.", { fieldErrors: { groupId: ["Unknown group"] } });
  const id = randomUUID();
  const account = await credentialAccountData(id, data.password);
  try {
    const user = await db.$transaction(async (tx) => {
      await tx.user.create({ data: { id, name: data.name, email: data.email, emailVerified: true, groupId: group.id } });
      await tx.account.create({ data: account });
      return tx.user.findUniqueOrThrow({ where: { id }, select: USER_DTO_SELECT });
    });
    await recordAudit({ actor, action: "user.create", resourceType: "user", resourceId: id, after: auditableUser(user) });
    return user;
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("CONFLICT", `A user with the email ${data.email} already exists.`, { fieldErrors: { email: ["Already in use"] } });
    }
    throw e;
  }
};
