import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { type LogLineDto, toLogLine } from "./execution-dto";

export type ExecutionLogPage = {
  lines: LogLineDto[];
  /** Forward reading: more lines follow the last one returned (ask again with after=<last id>) */
  hasMore: boolean;
  /** Tail reading (no `after`): older lines exist before the first one returned */
  truncated: boolean;
};

const LOG_SELECT = { id: true, at: true, level: true, message: true } as const;

/**
 * A run's log lines in order, over the (executionId, id) index. With `after`, the lines after that id
 * (0 = from the start), `limit` at most; without it, the last `limit` lines.
 */
export const listExecutionLogs = async ({ executionId, after, limit }: { executionId: string; after?: number; limit: number }): Promise<ExecutionLogPage> => {
  const run = await db.execution.findUnique({ where: { id: executionId }, select: { id: true } });
  if (!run) throw new AppError("NOT_FOUND", "That run does not exist.");

  if (after !== undefined) {
    const rows = await db.executionLog.findMany({
      where: { executionId, id: { gt: after } },
      orderBy: { id: "asc" },
      take: limit + 1,
      select: LOG_SELECT,
    });
    return { lines: rows.slice(0, limit).map(toLogLine), hasMore: rows.length > limit, truncated: false };
  }
  const rows = await db.executionLog.findMany({ where: { executionId }, orderBy: { id: "desc" }, take: limit + 1, select: LOG_SELECT });
  return { lines: rows.slice(0, limit).reverse().map(toLogLine), hasMore: false, truncated: rows.length > limit };
};
