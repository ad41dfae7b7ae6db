/**
 * The run history, newest first, with keyset pagination on (createdAt, id): every page is an index
 * range scan from a cursor, so the 2 000th page costs what the first does (no OFFSET, no COUNT).
 *
 * Index use (SQLite): no filter → Execution_createdAt_idx; job → Execution_jobId_createdAt_idx;
 * type → Execution_type_createdAt_idx. Status and trigger filters walk the createdAt index and skip
 * rows that do not match, which stays cheap unless the value is very rare (see the bench).
 */
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import { EXECUTION_LIST_SELECT, type ExecutionListItem, toExecutionListItem } from "./execution-dto";
import { encodeCursor, type ExecutionCursor, type TListExecutionsQuery } from "./executions.schema";

export type ExecutionPage = {
  rows: ExecutionListItem[];
  /** Cursor for the next older page (`before=`), null on the oldest page */
  older: string | null;
  /** Cursor for the next newer page (`after=`), null on the newest page */
  newer: string | null;
};

const DAY_MS = 86_400_000;

const filterWhere = (q: TListExecutionsQuery): Prisma.ExecutionWhereInput => ({
  ...(q.jobId ? { jobId: q.jobId } : {}),
  ...(q.status ? { status: q.status } : {}),
  ...(q.type ? { type: q.type } : {}),
  ...(q.trigger ? { trigger: q.trigger } : {}),
  // "to" is a calendar day and includes all of it
  ...(q.from || q.to
    ? { createdAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: new Date(q.to.getTime() + DAY_MS) } : {}) } }
    : {}),
});

/**
 * Rows strictly older (or newer) than the cursor in (createdAt, id) order. Written as
 * `createdAt <= c AND (createdAt < c OR id < i)` rather than `createdAt < c OR (createdAt = c AND …)`, so
 * SQLite sees a plain range on createdAt it can seek with an index.
 */
const beyond = (c: ExecutionCursor, dir: "older" | "newer"): Prisma.ExecutionWhereInput =>
  dir === "older"
    ? { createdAt: { lte: c.at }, OR: [{ createdAt: { lt: c.at } }, { id: { lt: c.id } }] }
    : { createdAt: { gte: c.at }, OR: [{ createdAt: { gt: c.at } }, { id: { gt: c.id } }] };

const ORDER = {
  older: [{ createdAt: "desc" }, { id: "desc" }],
  newer: [{ createdAt: "asc" }, { id: "asc" }],
} satisfies Record<string, Prisma.ExecutionOrderByWithRelationInput[]>;

const exists = async (base: Prisma.ExecutionWhereInput, c: ExecutionCursor, dir: "older" | "newer"): Promise<boolean> =>
  !!(await db.execution.findFirst({ where: { AND: [base, beyond(c, dir)] }, select: { id: true }, orderBy: ORDER[dir] }));

const cursorOf = (r: { createdAt: Date; id: string }): ExecutionCursor => ({ at: r.createdAt, id: r.id });

export const listExecutions = async (q: TListExecutionsQuery): Promise<ExecutionPage> => {
  const base = filterWhere(q);
  const limit = q.limit;
  const dir: "older" | "newer" = q.after ? "newer" : "older";
  const cursor = q.after ?? q.before ?? null;

  const rows = await db.execution.findMany({
    where: cursor ? { AND: [base, beyond(cursor, dir)] } : base,
    orderBy: ORDER[dir],
    take: limit + 1,
    select: EXECUTION_LIST_SELECT,
  });
  const more = rows.length > limit;
  const page = rows.slice(0, limit);

  // Walking back up and running out of newer rows: show the newest page itself, so "Newer" always
  // lands on the same pages "Older" walked through.
  if (dir === "newer" && !more) return listExecutions({ ...q, after: undefined, before: undefined });
  if (dir === "newer") page.reverse();

  const first = page[0];
  const last = page[page.length - 1];
  if (!first || !last) return { rows: [], older: null, newer: null };

  const [hasOlder, hasNewer] = await Promise.all([
    dir === "older" ? more : exists(base, cursorOf(last), "older"),
    dir === "newer" ? more : cursor ? exists(base, cursorOf(first), "newer") : false,
  ]);
  return {
    rows: page.map(toExecutionListItem),
    older: hasOlder ? encodeCursor(last) : null,
    newer: hasNewer ? encodeCursor(first) : null,
  };
};

/** Jobs for the history filter, by name. */
export const listExecutionJobOptions = async (): Promise<{ id: string; name: string }[]> =>
  db.job.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
