import type { HealthStatus } from "./adapter-dto";

/** Consecutive failures before a source or destination counts as OFFLINE (1–2 is DEGRADED). */
export const OFFLINE_AFTER_FAILURES = 3;

export const nextHealth = (previousFailures: number, ok: boolean): { status: HealthStatus; consecutiveFailures: number } => {
  if (ok) return { status: "ONLINE", consecutiveFailures: 0 };
  const failures = previousFailures + 1;
  return { status: failures >= OFFLINE_AFTER_FAILURES ? "OFFLINE" : "DEGRADED", consecutiveFailures: failures };
};
