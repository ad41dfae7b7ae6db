import { can, type Grant } from "@/server/rbac/permissions";

/** Which cancel the run page offers: any run with jobs:execute, a restore with storage:restore, else none. */
export type CancelVia = "run" | "restore";

export const cancelVia = (grant: Grant, runType: string): CancelVia | null => {
  if (can(grant, "jobs:execute")) return "run";
  if (runType === "Restore" && can(grant, "storage:restore")) return "restore";
  return null;
};
