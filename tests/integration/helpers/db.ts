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

/** Empties the job side: backups, runs and their logs, jobs, encryption profiles, adapter configs and their health checks. */
export const clearJobData = async (): Promise<void> => {
  await db.backup.deleteMany();
  await db.executionLog.deleteMany();
  await db.execution.deleteMany();
  await db.jobDestination.deleteMany();
  await db.job.deleteMany();
  await db.encryptionProfile.deleteMany();
  await db.healthCheckLog.deleteMany();
  await db.adapterConfig.deleteMany();
};

export const groupId = async (name: string): Promise<string> => (await db.group.findUniqueOrThrow({ where: { name } })).id;
