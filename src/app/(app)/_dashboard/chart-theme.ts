/** Recharts styling from the theme's CSS variables, so charts follow light and dark mode. */
import type { CSSProperties } from "react";

export const AXIS_TICK = { fill: "var(--muted-foreground)", fontSize: 12 };

export const TOOLTIP_STYLE: { contentStyle: CSSProperties; labelStyle: CSSProperties; itemStyle: CSSProperties; cursor: { fill: string } } = {
  contentStyle: {
    background: "var(--popover)",
    border: "1px solid var(--border)",
    borderRadius: "var(--radius)",
    color: "var(--popover-foreground)",
    fontSize: 12,
  },
  labelStyle: { color: "var(--popover-foreground)", fontWeight: 500 },
  itemStyle: { color: "var(--popover-foreground)", padding: 0 },
  cursor: { fill: "var(--muted)" },
};

export const STATUS_COLORS = {
  Success: "var(--success)",
  Partial: "var(--warning)",
  Failed: "var(--destructive)",
  Other: "var(--muted-foreground)",
} as const;

export const SERIES_COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)", "var(--muted-foreground)"];

/** "2025-03-07" → "7 Mar" (the day is already in the system time zone: format it as UTC). */
export const shortDay = (day: string): string => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
