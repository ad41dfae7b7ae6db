import { log } from "@/lib/logger";
import { BUNKER_VERSION } from "@/lib/version";
import { applySqlitePragmas, db } from "@/server/db";
import { env } from "@/server/env";
import { seedDefaults } from "@/server/services/seed/seed-defaults";
import { startHealthTask } from "@/server/tasks/health-task";

export const boot = async (): Promise<void> => {
  const e = env();
  log.info(`Bunker ${BUNKER_VERSION} starting`, { dataDir: e.dataDir, url: e.authUrl });
  try {
    await applySqlitePragmas();
    const seeded = await seedDefaults();
    if (seeded.groupsCreated.length) log.info("created built-in groups", { groups: seeded.groupsCreated });
    if ((await db.user.count()) === 0) log.info(`no users yet: open ${e.authUrl}/setup to create the first admin`);
    startHealthTask();
  } catch (err) {
    log.error("boot failed: is the database migrated? run `npm run db:migrate`", { error: err });
    throw err;
  }
};
