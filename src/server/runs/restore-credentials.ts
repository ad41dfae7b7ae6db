/**
 * Privileged credentials given for one restore live here, in memory only, from the moment the run is
 * created until it starts (a queued restore may wait): never in the database, a log or the audit. A
 * restart loses them, and recovery marks the queued run failed anyway.
 */
import type { RestoreCredentials } from "@/adapters/types";

const g = globalThis as unknown as { bunkerRestoreCredentials?: Map<string, RestoreCredentials> };
const store = (g.bunkerRestoreCredentials ??= new Map());

export const holdRestoreCredentials = (executionId: string, credentials: RestoreCredentials): void => {
  store.set(executionId, credentials);
};

/** Returns and forgets them. */
export const takeRestoreCredentials = (executionId: string): RestoreCredentials | undefined => {
  const c = store.get(executionId);
  store.delete(executionId);
  return c;
};

export const dropRestoreCredentials = (executionId: string): void => {
  store.delete(executionId);
};
