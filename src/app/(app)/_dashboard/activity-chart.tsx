"use client";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { ActivityPoint } from "@/server/services/dashboard/dashboard-shape";
import { AXIS_TICK, shortDay, STATUS_COLORS, TOOLTIP_STYLE } from "./chart-theme";

const SERIES = [
  { key: "Success", label: "Succeeded" },
  { key: "Partial", label: "Partial" },
  { key: "Failed", label: "Failed" },
  { key: "Other", label: "Cancelled or skipped" },
] as const;

/** Backup runs per day, stacked by outcome. */
export function ActivityChart({ data }: { data: ActivityPoint[] }) {
  return (
    <BarChart responsive data={data} style={{ width: "100%", height: 240 }} margin={{ top: 4, right: 4, bottom: 0, left: -16 }} accessibilityLayer>
      <CartesianGrid vertical={false} stroke="var(--border)" />
      <XAxis dataKey="day" tickFormatter={shortDay} tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={24} />
      <YAxis allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} />
      <Tooltip {...TOOLTIP_STYLE} labelFormatter={(d) => shortDay(String(d))} />
      <Legend wrapperStyle={{ fontSize: 12, color: "var(--muted-foreground)" }} iconType="circle" iconSize={8} />
      {SERIES.map((s, i) => (
        <Bar key={s.key} dataKey={s.key} name={s.label} stackId="runs" fill={STATUS_COLORS[s.key]} radius={i === SERIES.length - 1 ? [3, 3, 0, 0] : 0} isAnimationActive={false} />
      ))}
    </BarChart>
  );
}
