/** The one line a job page shows about its last drill: "passed 2 hours ago, restored 1.2 M rows in 41 s, 3/3 checks passed". */
import { formatRelative } from "../format";

export const compactCount = (n: number): string => {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1).replace(/\.0$/, "")} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1).replace(/\.0$/, "")} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1).replace(/\.0$/, "")} k`;
  return n.toLocaleString("en-US");
};

export const formatRto = (ms: number): string => {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return m < 120 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
};

export type DrillSummaryInput = { status: "passed" | "failed" | "cancelled"; at: string; rows: number; rtoMs: number | null; checksPassed: number; checksTotal: number; error: string | null };

export const drillSummary = (d: DrillSummaryInput, now = Date.now()): string => {
  const parts = [`${d.status} ${formatRelative(d.at, now)}`];
  if (d.rtoMs !== null) parts.push(`restored ${compactCount(d.rows)} rows in ${formatRto(d.rtoMs)}`);
  if (d.checksTotal > 0) parts.push(`${d.checksPassed}/${d.checksTotal} checks passed`);
  return parts.join(", ");
};
