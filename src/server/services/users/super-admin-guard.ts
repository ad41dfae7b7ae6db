import { db } from "@/server/db";
import { AppError } from "@/server/errors";

/** Refuses a change that would leave no enabled SuperAdmin: the instance would be unmanageable. */
export const assertAnotherActiveSuperAdmin = async (userId: string, what: string): Promise<void> => {
  const others = await db.user.count({
    where: { id: { not: userId }, banned: { not: true }, group: { isSuperAdmin: true } },
  });
  if (others === 0) throw new AppError("CONFLICT", `Cannot ${what}: it is the last enabled SuperAdmin.`);
};
