/** Formatting for runs, shared by the history table and the run page (server and client). */
import { formatDuration } from "@/lib/format";

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;

/** 1536 → "1.5 KB" (binary multiples, short names as people read them). */
export const formatBytes = (n: number): string => {
  if (!Number.isFinite(n) || n <= 0) return "0 B";
  const i = Math.min(UNITS.length - 1, Math.floor(Math.log(n) / Math.log(1024)));
  const v = n / 1024 ** i;
  return `${i === 0 ? v : v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${UNITS[i]}`;
};

export const formatRate = (bytesPerSecond: number): string => `${formatBytes(bytesPerSecond)}/s`;

/** 850 → "850 ms", 72 000 → "1m 12s", then "2h 5m", "3d 4h". */
export const formatElapsed = (ms: number | null): string => {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return formatDuration(s);
};

/** stored / read → "31% of read" style percentage; null when nothing was read. */
export const formatRatio = (ratio: number | null): string => {
  if (ratio === null || !Number.isFinite(ratio)) return "—";
  const pct = ratio * 100;
  return `${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
};

/** HH:MM:SS in the system timezone, for log lines. */
export const formatClock = (iso: string, timeZone?: string): string =>
  new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false, timeZone }).format(new Date(iso));

export const TRIGGER_LABELS: Record<string, string> = {
  manual: "Manual",
  schedule: "Schedule",
  api: "API",
  system: "System",
  "catch-up": "Catch-up",
};
export const triggerLabel = (t: string): string => TRIGGER_LABELS[t] ?? t;
