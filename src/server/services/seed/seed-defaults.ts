/**
 * Idempotent: creates the built-in groups and default settings that are missing, and never overwrites
 * what an admin changed. Runs at every boot and from `npm run db:seed`.
 */
import { db } from "@/server/db";
import { SEEDED_GROUPS } from "@/server/rbac/permissions";
import { DEFAULT_SETTINGS } from "../settings/settings.schema";

export const seedDefaults = async (): Promise<{ groupsCreated: string[]; settingsCreated: string[] }> => {
  const groupsCreated: string[] = [];
  for (const g of SEEDED_GROUPS) {
    const existing = await db.group.findUnique({ where: { name: g.name }, select: { id: true } });
    if (existing) continue;
    await db.group.create({
      data: { name: g.name, description: g.description, isSuperAdmin: g.isSuperAdmin, isSystem: true, permissions: JSON.stringify(g.permissions) },
    });
    groupsCreated.push(g.name);
  }
  const settingsCreated: string[] = [];
  for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
    const existing = await db.systemSetting.findUnique({ where: { key }, select: { key: true } });
    if (existing) continue;
    await db.systemSetting.create({ data: { key, value: JSON.stringify(value) } });
    settingsCreated.push(key);
  }
  return { groupsCreated, settingsCreated };
};
