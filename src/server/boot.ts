import { log } from "@/lib/logger";
import { BUNKER_VERSION } from "@/lib/version";
import { applySqlitePragmas, db } from "@/server/db";
import { env } from "@/server/env";
import { rewrapAtBoot } from "@/server/services/keys/rewrap-at-boot";
import { cleanupPartials } from "@/server/services/maintenance/cleanup-partials";
import { sweepLeftoverScratch } from "@/server/services/drills/scratch-journal";
import { seedDefaults } from "@/server/services/seed/seed-defaults";
import { recoverInterruptedRuns } from "@/server/runs/recover-interrupted-runs";
import { abortAllRuns } from "@/server/runs/run-registry";
import { catchUpMissedRuns } from "@/server/scheduler/catch-up-runs";
import { startScheduler, stopScheduler } from "@/server/scheduler/job-scheduler";
import { startHealthTask } from "@/server/tasks/health-task";
import { startNotificationDispatcher } from "@/server/services/notifications/notification-dispatcher";
import { startSystemTasks } from "@/server/tasks/system-tasks";

export const boot = async (): Promise<void> => {
  const e = env();
  log.info(`Bunker ${BUNKER_VERSION} starting`, { dataDir: e.dataDir, url: e.authUrl });
  try {
    await applySqlitePragmas();
    const seeded = await seedDefaults();
    if (seeded.groupsCreated.length) log.info("created built-in groups", { groups: seeded.groupsCreated });
    // Before anything opens a source or destination: after a key rotation they must all open under the new key.
    await rewrapAtBoot();
    if ((await db.user.count()) === 0) log.info(`no users yet: open ${e.authUrl}/setup to create the first admin`);
    const { recovered } = await recoverInterruptedRuns();
    if (recovered) log.warn(`${recovered} run(s) were interrupted by the last shutdown and are marked Failed`);
    // Fire-and-forget: removes *.partial-* files and unfinished multipart uploads a crash left behind.
    void cleanupPartials().catch((err: unknown) => log.error("partial cleanup failed", { error: err }));
    // Likewise the scratch databases of drills the restart cut off (recorded in their runs' metadata).
    void sweepLeftoverScratch()
      .then((r) => (r.found ? log.warn(`drill scratch cleanup: ${r.dropped} of ${r.found} leftover scratch databases dropped`, { errors: r.errors }) : undefined))
      .catch((err: unknown) => log.error("drill scratch cleanup failed", { error: err }));
    startHealthTask();
    startSystemTasks();
    // Sends queued notifications and their retries, including those a restart interrupted.
    startNotificationDispatcher();
    await catchUpMissedRuns();
    await startScheduler();
    registerShutdown();
  } catch (err) {
    log.error("boot failed: is the database migrated? run `npm run db:migrate`", { error: err });
    throw err;
  }
};

let shutdownRegistered = false;

/** SIGTERM/SIGINT: stop running dumps and abort their uploads, so nothing half-written becomes visible. */
export const registerShutdown = (): void => {
  if (shutdownRegistered) return;
  shutdownRegistered = true;
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.once(sig, () => {
      log.warn(`${sig}: stopping running backups`);
      void stopScheduler();
      abortAllRuns({ kind: "shutdown" });
      // Give the runs a moment to abort their writers and record their status, then let Next exit.
      setTimeout(() => process.exit(0), 3000).unref();
    });
  }
};
