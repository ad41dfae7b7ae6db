/**
 * Starts a backup of one job and waits for it to end, for CI callers that want one request instead of
 * polling. The wait watches the progress bus and re-reads the Execution row on every status event and
 * every second: the row is the truth (the bus is per process and an event can fire before we listen).
 */
import { subscribeRun } from "@/server/runs/progress-bus";
import type { Actor } from "../audit/audit-context";
import type { ExecutionDetail } from "../executions/execution-dto";
import { isFinalStatus } from "../executions/executions.schema";
import { getExecution, getExecutionState } from "../executions/get-execution";
import { type RunTrigger, startBackupRun } from "./start-backup-run";

const POLL_MS = 1000;

export type RunAndWaitResult = { executionId: string; ended: true; execution: ExecutionDetail } | { executionId: string; ended: false };

export const runBackupAndWait = async ({
  jobId,
  trigger,
  actor,
  timeoutSeconds,
  signal,
}: {
  jobId: string;
  trigger: RunTrigger;
  actor: Actor;
  timeoutSeconds: number;
  signal?: AbortSignal;
}): Promise<RunAndWaitResult> => {
  const { executionId } = await startBackupRun({ jobId, trigger, actor });
  const deadline = Date.now() + timeoutSeconds * 1000;
  let wake: (() => void) | null = null;
  const unsubscribe = subscribeRun(executionId, (e) => {
    if (e.type === "status") wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    for (;;) {
      const state = await getExecutionState(executionId);
      if (state && isFinalStatus(state.status)) {
        const execution = await getExecution(executionId);
        if (execution) return { executionId, ended: true, execution };
      }
      const left = deadline - Date.now();
      // A caller that hung up gets nothing back; the run itself goes on.
      if (left <= 0 || signal?.aborted) return { executionId, ended: false };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(POLL_MS, left));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener("abort", onAbort);
  }
};
