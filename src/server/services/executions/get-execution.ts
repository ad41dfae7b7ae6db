import { db } from "@/server/db";
import { EXECUTION_DETAIL_SELECT, type ExecutionDetail, toExecutionDetail } from "./execution-dto";

/** One run with its job, parsed metadata and durations; null when there is no such run. */
export const getExecution = async (executionId: string): Promise<ExecutionDetail | null> => {
  const row = await db.execution.findUnique({ where: { id: executionId }, select: EXECUTION_DETAIL_SELECT });
  if (!row) return null;
  const user = row.triggeredById
    ? await db.user.findUnique({ where: { id: row.triggeredById }, select: { id: true, name: true } })
    : null;
  return toExecutionDetail(row, user);
};

export type ExecutionState = { id: string; status: string; error: string | null; warning: string | null };

/** The few columns the live stream starts from (a primary-key lookup). */
export const getExecutionState = async (executionId: string): Promise<ExecutionState | null> =>
  db.execution.findUnique({ where: { id: executionId }, select: { id: true, status: true, error: true, warning: true } });
