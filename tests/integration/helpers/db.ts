import { db } from "@/server/db";
import { seedDefaults } from "@/server/services/seed/seed-defaults";

/** Empties the tables these tests write, then re-seeds the built-in groups and settings. */
export const resetDb = async (): Promise<void> => {
  await db.session.deleteMany();
  await db.account.deleteMany();
  await db.user.deleteMany();
  await db.auditLog.deleteMany();
  await db.systemSetting.deleteMany();
  await db.group.deleteMany();
  await seedDefaults();
};

export const groupId = async (name: string): Promise<string> => (await db.group.findUniqueOrThrow({ where: { name } })).id;
