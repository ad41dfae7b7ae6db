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

/** A queue lane: the execution types it drains and the setting that is its budget. */
type Lane = { name: string; types: string[]; limit: "queue.maxConcurrentJobs" | "queue.maxConcurrentRestores" };

const BACKUPS: Lane = { name: "backup", types: ["Backup"], limit: "queue.maxConcurrentJobs" };
// Restore drills share the restore budget, so they never take a backup slot.
const RESTORES: Lane = { name: "restore", types: ["Restore", "Drill"], limit: "queue.maxConcurrentRestores" };

type LaneState = { draining: Promise<void> | null; dirty: boolean };
type QueueState = { paused: boolean; poll: NodeJS.Timeout | null; lanes: Map<string, LaneState> };

const g = globalThis as unknown as { bunkerRunQueue?: QueueState };
const state = (): QueueState => (g.bunkerRunQueue ??= { paused: false, poll: null, lanes: new Map() });

/** Claims and starts the lane's Pending runs up to its free slots (FIFO); returns how many were started. */
const drainLaneOnce = async (s: QueueState, lane: Lane): Promise<number> => {
  let started = 0;
  for (;;) {
    if (s.paused) return started;
    const limit = await getSetting(lane.limit);
    const running = await db.execution.count({ where: { type: { in: lane.types }, status: "Running" } });
    const free = limit - running;
    if (free <= 0) return started;
    const pending = await db.execution.findMany({
      where: { type: { in: lane.types }, status: "Pending" },
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
      void claim.finished.then(() => drainLane(lane));
    }
    // Every candidate was taken by someone else: look again (the counts have changed).
    if (!claimedAny) continue;
  }
};

/** Starts the lane's queued runs while there is room. Overlapping calls collapse into one more pass; never rejects. */
const drainLane = (lane: Lane): Promise<void> => {
  const s = state();
  if (s.paused) return Promise.resolve();
  let l = s.lanes.get(lane.name);
  if (!l) s.lanes.set(lane.name, (l = { draining: null, dirty: false }));
  const ls = l;
  if (ls.draining) {
    ls.dirty = true;
    return ls.draining;
  }
  ls.draining = (async () => {
    try {
      do {
        ls.dirty = false;
        try {
          await drainLaneOnce(s, lane);
        } catch (e) {
          log.error(`run queue: ${lane.name} drain failed`, { error: e });
        }
      } while (ls.dirty && !s.paused);
    } finally {
      ls.draining = null;
    }
  })();
  return ls.draining;
};

/** Starts queued backups while `queue.maxConcurrentJobs` allows. */
export const drainQueue = (): Promise<void> => drainLane(BACKUPS);

/** Starts queued restores while `queue.maxConcurrentRestores` allows. */
export const drainRestores = (): Promise<void> => drainLane(RESTORES);

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
  await Promise.all([...s.lanes.values()].map((l) => l.draining));
};
