import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import { AppError, isUniqueViolation } from "@/server/errors";
import { recordAudit } from "../audit/record-audit";
import { seedDefaults } from "../seed/seed-defaults";
import { credentialAccountData } from "../users/credentials";
import type { TSetup } from "./setup.schema";

const SETUP_LOCK_KEY = "setup.completedAt";

export type CreateFirstAdminOptions = { data: TSetup; ip?: string | null; userAgent?: string | null };

/**
 * Creates the first user, in SuperAdmin. Refused once any user exists. Two setups racing each other
 * collide on the SystemSetting primary key inside the transaction, so only one can win.
 */
export const createFirstAdmin = async ({ data, ip, userAgent }: CreateFirstAdminOptions): Promise<{ userId: string }> => {
  await seedDefaults();
  const group = await db.group.findFirst({ where: { isSuperAdmin: true, isSystem: true }, select: { id: true } });
  if (!group) throw new AppError("INTERNAL", "The SuperAdmin group is missing; run npm run db:seed.");
  const userId = randomUUID();
  const account = await credentialAccountData(userId, data.password);
  const refused = () => new AppError("CONFLICT", "Setup is already complete. Sign in instead.");
  try {
    await db.$transaction(async (tx) => {
      if ((await tx.user.count()) > 0) throw refused();
      await tx.systemSetting.create({ data: { key: SETUP_LOCK_KEY, value: JSON.stringify(new Date().toISOString()) } });
      await tx.user.create({ data: { id: userId, name: data.name, email: data.email, emailVerified: true, groupId: group.id } });
      await tx.account.create({ data: account });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw refused();
    throw e;
  }
  await recordAudit({
    actor: { kind: "user", userId, email: data.email, ip, userAgent },
    action: "setup.complete",
    resourceType: "user",
    resourceId: userId,
    after: { name: data.name, email: data.email, group: "SuperAdmin" },
  });
  return { userId };
};
