/**
 * The run queue (DESIGN §6): scheduled and catch-up runs are created Pending and drained FIFO (by
 * queuedAt) while fewer than `queue.maxConcurrentJobs` backups are Running. A drain is triggered after
 * each enqueue and after each run finishes, plus a polling fallback every 30 s (for rows a drain missed,
 * e.g. Pending rows left from before a restart that recovery did not touch).
 *
 * Manual "Run now" (startBackupRun) bypasses the queue: it starts at once whatever the limit, but its
 * Running row counts against the limit, so queued runs wait for it.
 *
 * Restores have their own queue and budget (`queue.maxConcurrentRestores`, FIFO): they are always
 * created Pending and drained by drainRestores, never count against `queue.maxConcurrentJobs`, and
 * backups never count against theirs, so neither can starve the other.
 *
 * Drains never overlap in this process: a drain requested while one is going marks it dirty and the
 * current drain goes round once more. The claim of each run is atomic (runPendingExecution).
 */
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { runPendingExecution } from "@/server/services/runs/run-pending-execution";
import { getSetting } from "@/server/services/settings/get-settings";

export const QUEUE_POLL_MS = 30_000;

type QueueState = {
  draining: Promise<void> | null;
  dirty: boolean;
  paused: boolean;
  poll: NodeJS.Timeout | null;
  restores?: { draining: Promise<void> | null; dirty: boolean };
};

const g = globalThis as unknown as { bunkerRunQueue?: QueueState };
const state = (): QueueState => (g.bunkerRunQueue ??= { draining: null, dirty: false, paused: false, poll: null });

/** Claims and starts Pending restores up to their own budget; returns how many were started. */
const drainRestoresOnce = async (s: QueueState): Promise<number> => {
  let started = 0;
  for (;;) {
    if (s.paused) return started;
    const limit = await getSetting("queue.maxConcurrentRestores");
    const running = await db.execution.count({ where: { type: "Restore", status: "Running" } });
    const free = limit - running;
    if (free <= 0) return started;
    const pending = await db.execution.findMany({
      where: { type: "Restore", status: "Pending" },
      orderBy: [{ queuedAt: "asc" }, { id: "asc" }],
      take: free,
      select: { id: true },
    });
    if (pending.length === 0) return started;
    let claimedAny = false;
    for (const { id } of pending) {
      if (s.paused) return started;
      const claim = await runPendingExecution(id);
      if (!claim.claimed) continue;
      claimedAny = true;
      started++;
      void claim.finished.then(() => drainRestores());
    }
    if (!claimedAny) continue;
  }
};

/** Starts queued restores while their budget allows. Overlapping calls collapse; never rejects. */
export const drainRestores = (): Promise<void> => {
  const s = state();
  if (s.paused) return Promise.resolve();
  const r = (s.restores ??= { draining: null, dirty: false });
  if (r.draining) {
    r.dirty = true;
    return r.draining;
  }
  r.draining = (async () => {
    try {
      do {
        r.dirty = false;
        try {
          await drainRestoresOnce(s);
        } catch (e) {
          log.error("run queue: restore drain failed", { error: e });
        }
      } while (r.dirty && !s.paused);
    } finally {
      r.draining = null;
    }
  })();
  return r.draining;
};

/** Claims and starts Pending runs up to the free slots; returns how many were started. */
const drainOnce = async (s: QueueState): Promise<number> => {
  let started = 0;
  for (;;) {
    if (s.paused) return started;
    const limit = await getSetting("queue.maxConcurrentJobs");
    const running = await db.execution.count({ where: { type: "Backup", status: "Running" } });
    const free = limit - running;
    if (free <= 0) return started;
    const pending = await db.execution.findMany({
      where: { type: "Backup", status: "Pending" },
      orderBy: [{ queuedAt: "asc" }, { id: "asc" }],
      take: free,
      select: { id: true },
    });
    if (pending.length === 0) return started;
    let claimedAny = false;
    for (const { id } of pending) {
      if (s.paused) return started;
      const claim = await runPendingExecution(id);
      if (!claim.claimed) continue;
      claimedAny = true;
      started++;
      void claim.finished.then(() => drainQueue());
    }
    // Every candidate was taken by someone else: look again (the counts have changed).
    if (!claimedAny) continue;
  }
};

/** Starts queued runs while there is room. Overlapping calls collapse into one more pass; never rejects. */
export const drainQueue = (): Promise<void> => {
  const s = state();
  if (s.paused) return Promise.resolve();
  if (s.draining) {
    s.dirty = true;
    return s.draining;
  }
  s.draining = (async () => {
    try {
      do {
        s.dirty = false;
        try {
          await drainOnce(s);
        } catch (e) {
          log.error("run queue: drain failed", { error: e });
        }
      } while (s.dirty && !s.paused);
    } finally {
      s.draining = null;
    }
  })();
  return s.draining;
};

/** Resumes draining and starts the 30 s polling fallback (idempotent). */
export const startQueue = (): void => {
  const s = state();
  s.paused = false;
  if (!s.poll) {
    s.poll = setInterval(() => {
      void drainQueue();
      void drainRestores();
    }, QUEUE_POLL_MS);
    s.poll.unref();
  }
  void drainQueue();
  void drainRestores();
};

/** Stops taking work (SIGTERM, tests): no new claims, no polling. Running runs are left alone. */
export const stopQueue = async (): Promise<void> => {
  const s = state();
  s.paused = true;
  if (s.poll) clearInterval(s.poll);
  s.poll = null;
  await Promise.all([s.draining, s.restores?.draining]);
};
