/**
 * In-process fan-out of live run events to server-sent-event subscribers. Events are also persisted
 * (ExecutionLog rows, Execution columns), so a page that connects late reads the past from the database
 * and only the future from here.
 */
import { EventEmitter } from "node:events";

export type RunStatus = "Pending" | "Running" | "Success" | "Partial" | "Failed" | "Cancelled" | "Skipped";

export type RunEvent =
  | {
      type: "progress";
      /** Raw bytes read from the dump tool so far (all databases of the run) */
      bytesRead: number;
      /** Bytes stored (after compression and encryption) so far */
      bytesStored: number;
      /** Bytes per second over the last few seconds */
      rate: number;
      /** e.g. "dumping orders (2/5)", "writing manifests" */
      step: string;
    }
  | { type: "log"; id: number; at: string; level: "debug" | "info" | "warn" | "error"; message: string }
  | { type: "status"; status: RunStatus; error?: string | null; warning?: string | null };

const g = globalThis as unknown as { bunkerRunBus?: EventEmitter };
const bus = (g.bunkerRunBus ??= (() => {
  const e = new EventEmitter();
  e.setMaxListeners(0); // one listener per open run page
  return e;
})());

export const publishRunEvent = (executionId: string, event: RunEvent): void => {
  bus.emit(executionId, event);
  bus.emit("*", executionId, event);
};

/** Returns the unsubscribe function. */
export const subscribeRun = (executionId: string, fn: (e: RunEvent) => void): (() => void) => {
  bus.on(executionId, fn);
  return () => bus.off(executionId, fn);
};

/** Every run's events (the dashboard's live list). */
export const subscribeAllRuns = (fn: (executionId: string, e: RunEvent) => void): (() => void) => {
  bus.on("*", fn);
  return () => bus.off("*", fn);
};
