/**
 * The runs executing in this process: executionId → its AbortController and job. Cancel, the run
 * timeout and shutdown abort a run through here; the job index backs the "already running" check
 * (together with the Execution rows, which also cover runs another process started).
 * Kept on globalThis so dev hot reloads and test modules share one map.
 */

export type AbortCause = { kind: "cancel"; by?: string } | { kind: "timeout"; afterMs: number } | { kind: "shutdown" };

export type RunEntry = {
  executionId: string;
  jobId: string | null;
  controller: AbortController;
  /** Why the run was aborted (the first reason wins) */
  cause: AbortCause | null;
  /** Settles when the run's execution has finished and written its final status */
  finished: Promise<void>;
};

type Registry = { runs: Map<string, RunEntry>; jobs: Map<string, string>; reserved: Set<string> };

const g = globalThis as unknown as { bunkerRunRegistry?: Registry };
const registry = (g.bunkerRunRegistry ??= { runs: new Map(), jobs: new Map(), reserved: new Set() });

/**
 * Claims a job for a run about to be created; false when the job is running (or being started) in
 * this process. Synchronous, so two concurrent starts cannot both pass. Release with releaseJob().
 */
export const reserveJob = (jobId: string): boolean => {
  if (registry.reserved.has(jobId) || registry.jobs.has(jobId)) return false;
  registry.reserved.add(jobId);
  return true;
};

export const releaseJob = (jobId: string): void => {
  registry.reserved.delete(jobId);
};

/** Registers a run (and moves the job's reservation to it). */
export const registerRun = (executionId: string, jobId: string | null): RunEntry => {
  if (registry.runs.has(executionId)) throw new Error(`run ${executionId} is already registered`);
  let resolveFinished!: () => void;
  const finished = new Promise<void>((r) => (resolveFinished = r));
  const entry: RunEntry & { resolveFinished: () => void } = {
    executionId,
    jobId,
    controller: new AbortController(),
    cause: null,
    finished,
    resolveFinished,
  };
  registry.runs.set(executionId, entry);
  if (jobId) {
    registry.jobs.set(jobId, executionId);
    registry.reserved.delete(jobId);
  }
  return entry;
};

/** Removes a finished run and resolves its `finished` promise. */
export const unregisterRun = (executionId: string): void => {
  const entry = registry.runs.get(executionId) as (RunEntry & { resolveFinished?: () => void }) | undefined;
  if (!entry) return;
  registry.runs.delete(executionId);
  if (entry.jobId && registry.jobs.get(entry.jobId) === executionId) registry.jobs.delete(entry.jobId);
  entry.resolveFinished?.();
};

export const getRun = (executionId: string): RunEntry | undefined => registry.runs.get(executionId);

export const runningExecutionOfJob = (jobId: string): string | undefined => registry.jobs.get(jobId);

export const activeRuns = (): RunEntry[] => [...registry.runs.values()];

/** Aborts a run; false when it is not running here. The first cause is kept. */
export const abortRun = (executionId: string, cause: AbortCause): boolean => {
  const entry = registry.runs.get(executionId);
  if (!entry) return false;
  entry.cause ??= cause;
  if (!entry.controller.signal.aborted) entry.controller.abort(cause);
  return true;
};

/** Aborts every run in this process (SIGTERM): each ends and records itself as its cause says. */
export const abortAllRuns = (cause: AbortCause = { kind: "shutdown" }): number => {
  const entries = activeRuns();
  for (const e of entries) abortRun(e.executionId, cause);
  return entries.length;
};
