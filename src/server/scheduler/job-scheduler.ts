/**
 * The in-process job scheduler (DESIGN §6): one node-cron task per enabled job with a schedule, firing
 * in the system time zone (setting `system.timezone`). A fire names its slot (`currentSlot`) and hands
 * it to enqueueScheduledRun, which records a Pending run (or a Skipped one while the job still runs)
 * under the slot's unique key; the run queue starts it.
 *
 * node-cron fires the jobs; croner (the job form's preview and the slot maths) names the slot a fire
 * belongs to. `describeSchedule` accepts only expressions both libraries understand, so what the form
 * previews is what fires.
 *
 * `refreshSchedules()` re-reads the jobs and the time zone; it is called after a job is created,
 * updated, cloned, enabled/disabled or deleted and when the time zone changes. Refreshes never overlap:
 * one requested while another runs marks it dirty, and the running one goes round once more.
 * State lives on globalThis, so dev hot reloads and test modules share one scheduler.
 */
import nodeCron, { type ScheduledTask } from "node-cron";
import { log } from "@/lib/logger";
import { normalizeSchedule } from "@/lib/scheduler/cron";
import { currentSlot, validateCron } from "@/lib/scheduler/slots";
import { db } from "@/server/db";
import { getSetting } from "@/server/services/settings/get-settings";
import { enqueueScheduledRun } from "./enqueue-scheduled-run";
import { startQueue, stopQueue } from "./run-queue";

type Scheduled = { task: ScheduledTask; expr: string; timeZone: string };

type SchedulerState = {
  started: boolean;
  crons: Map<string, Scheduled>;
  refreshing: Promise<void> | null;
  dirty: boolean;
};

const g = globalThis as unknown as { bunkerJobScheduler?: SchedulerState };
const state = (): SchedulerState => (g.bunkerJobScheduler ??= { started: false, crons: new Map(), refreshing: null, dirty: false });

const unschedule = (s: SchedulerState, jobId: string): void => {
  void s.crons.get(jobId)?.task.destroy();
  s.crons.delete(jobId);
};

const fire = async (jobId: string, expr: string, timeZone: string): Promise<void> => {
  if (!state().started) return;
  try {
    const slot = currentSlot(expr, timeZone, new Date());
    const result = await enqueueScheduledRun({ jobId, slot, trigger: "schedule" });
    if (result.outcome === "duplicate") log.debug("scheduler: this slot already has a run", { jobId, slot: slot.toISOString() });
  } catch (e) {
    log.error("scheduler: could not record a scheduled run", { jobId, error: e });
  }
};

/** Brings the crons in line with the jobs and the time zone: stops the stale ones, starts the new ones. */
const applySchedules = async (s: SchedulerState): Promise<void> => {
  const timeZone = await getSetting("system.timezone");
  const jobs = await db.job.findMany({ where: { enabled: true, schedule: { not: null } }, select: { id: true, name: true, schedule: true } });
  const wanted = new Map<string, { expr: string; name: string }>();
  for (const job of jobs) {
    const expr = normalizeSchedule(job.schedule);
    if (expr === null) continue;
    const valid = validateCron(expr);
    if (!valid.ok) {
      log.warn(`scheduler: job ${job.name} has an invalid schedule and will not fire: ${valid.error}`, { jobId: job.id, schedule: expr });
      continue;
    }
    wanted.set(job.id, { expr, name: job.name });
  }
  for (const [jobId, cur] of [...s.crons]) {
    const want = wanted.get(jobId);
    if (!want || want.expr !== cur.expr || cur.timeZone !== timeZone) unschedule(s, jobId);
  }
  for (const [jobId, { expr, name }] of wanted) {
    if (!s.started) return; // stopped meanwhile: start nothing new
    if (s.crons.has(jobId)) continue;
    try {
      const task = nodeCron.schedule(expr, () => fire(jobId, expr, timeZone), { timezone: timeZone, name: `job:${jobId}`, noOverlap: true });
      s.crons.set(jobId, { task, expr, timeZone });
    } catch (e) {
      log.error(`scheduler: could not schedule job ${name}`, { jobId, schedule: expr, timeZone, error: e });
    }
  }
};

/**
 * Re-reads the jobs and the time zone and re-schedules. A no-op while the scheduler is not started.
 * Overlapping calls collapse: the returned promise settles after the pass that covers this call. Never
 * rejects (errors are logged).
 */
export const refreshSchedules = (): Promise<void> => {
  const s = state();
  if (!s.started) return Promise.resolve();
  if (s.refreshing) {
    s.dirty = true;
    return s.refreshing;
  }
  s.refreshing = (async () => {
    try {
      do {
        s.dirty = false;
        try {
          await applySchedules(s);
        } catch (e) {
          log.error("scheduler: refresh failed", { error: e });
        }
      } while (s.dirty && s.started);
    } finally {
      s.refreshing = null;
    }
  })();
  return s.refreshing;
};

/** Fire-and-forget refresh for the job and settings services. */
export const requestScheduleRefresh = (): void => {
  refreshSchedules().catch((e: unknown) => log.error("scheduler: refresh failed", { error: e }));
};

/** Starts the scheduler and the run queue once per process; resolves after the first schedule pass. */
export const startScheduler = (): Promise<void> => {
  const s = state();
  if (!s.started) {
    s.started = true;
    startQueue();
  }
  return refreshSchedules();
};

/** Stops every cron and the queue (no new runs are taken; running ones go on until they end or are aborted). */
export const stopScheduler = async (): Promise<void> => {
  const s = state();
  s.started = false;
  for (const jobId of [...s.crons.keys()]) unschedule(s, jobId);
  await s.refreshing;
  for (const jobId of [...s.crons.keys()]) unschedule(s, jobId);
  await stopQueue();
};

/** The jobs with a live cron and their next fire (for diagnostics and tests). */
export const scheduledJobs = (): Array<{ jobId: string; schedule: string; timeZone: string; nextRun: Date | null }> =>
  [...state().crons].map(([jobId, { task, expr, timeZone }]) => ({ jobId, schedule: expr, timeZone, nextRun: task.getNextRun() }));
