/**
 * SQL (SQLite) for the calendar day of a timestamp column in the system time zone. Timestamps are stored
 * as ISO 8601 text with a "+00:00" suffix (the Prisma SQLite adapter's format), which SQLite's date()
 * reads; the offset in force at each instant is added with a CASE over the zone's DST segments.
 * SQLite-specific, like every raw query of the dashboard: a PostgreSQL port would use AT TIME ZONE.
 */
import { Prisma } from "@/generated/prisma/client";
import type { OffsetSegment } from "./tz-days";

/** The stored text form of an instant, so comparisons with a column are plain string comparisons. */
export const sqlInstant = (d: Date): string => d.toISOString().replace("Z", "+00:00");

const modifier = (offset: number): string => `${offset >= 0 ? "+" : ""}${offset} minutes`;

/** `date(<column>, '<offset> minutes')` with the offset of the segment each row falls in. */
export const localDaySql = (column: string, segments: readonly OffsetSegment[]): Prisma.Sql => {
  const col = Prisma.raw(column);
  const [first, ...rest] = segments;
  if (!first) throw new RangeError("localDaySql: no offset segments");
  if (rest.length === 0) return Prisma.sql`date(${col}, ${modifier(first.offset)})`;
  // Segment i applies before segment i+1 starts; the last one applies to everything after.
  const all = [first, ...rest];
  const whens = all.slice(0, -1).map((s, i) => Prisma.sql`WHEN ${col} < ${sqlInstant(all[i + 1]!.from)} THEN ${modifier(s.offset)}`);
  return Prisma.sql`date(${col}, CASE ${Prisma.join(whens, " ")} ELSE ${modifier(all[all.length - 1]!.offset)} END)`;
};
