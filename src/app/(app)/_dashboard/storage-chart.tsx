"use client";
import { Area, AreaChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { formatBytes } from "@/app/(app)/history/_components/run-format";
import type { StorageSeries } from "@/server/services/dashboard/dashboard-shape";
import { AXIS_TICK, SERIES_COLORS, shortDay, TOOLTIP_STYLE } from "./chart-theme";

/** Bytes kept per destination over the window, stacked. */
export function StorageChart({ data }: { data: StorageSeries }) {
  return (
    <AreaChart responsive data={data.points} style={{ width: "100%", height: 240 }} margin={{ top: 4, right: 4, bottom: 0, left: 8 }} accessibilityLayer>
      <CartesianGrid vertical={false} stroke="var(--border)" />
      <XAxis dataKey="day" tickFormatter={shortDay} tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={32} />
      <YAxis tickFormatter={(v: number) => formatBytes(v)} tick={AXIS_TICK} tickLine={false} axisLine={false} width={64} />
      <Tooltip {...TOOLTIP_STYLE} labelFormatter={(d) => shortDay(String(d))} formatter={(v) => formatBytes(Number(v))} />
      <Legend wrapperStyle={{ fontSize: 12, color: "var(--muted-foreground)" }} iconType="circle" iconSize={8} />
      {data.destinations.map((d, i) => (
        <Area
          key={d.key}
          dataKey={d.key}
          name={d.name}
          stackId="bytes"
          type="monotone"
          stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
          fill={SERIES_COLORS[i % SERIES_COLORS.length]}
          fillOpacity={0.25}
          isAnimationActive={false}
        />
      ))}
    </AreaChart>
  );
}
