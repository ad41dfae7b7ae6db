"use client";
import { Cell, Pie, PieChart, Tooltip } from "recharts";
import type { JobStatusSlice } from "@/server/services/dashboard/dashboard-shape";
import { TOOLTIP_STYLE } from "./chart-theme";

export const JOB_STATUS_COLORS: Record<JobStatusSlice["key"], string> = {
  ok: "var(--success)",
  partial: "var(--warning)",
  failed: "var(--destructive)",
  running: "var(--chart-2)",
  never: "var(--muted-foreground)",
  disabled: "var(--border)",
};

/** Jobs by the outcome of their latest backup run: a donut with the total in the middle. */
export function JobStatusChart({ data, total }: { data: JobStatusSlice[]; total: number }) {
  const shown = data.filter((d) => d.count > 0);
  return (
    <div className="relative">
      <PieChart responsive style={{ width: "100%", height: 180 }}>
        <Pie data={shown} dataKey="count" nameKey="label" innerRadius="62%" outerRadius="92%" paddingAngle={shown.length > 1 ? 2 : 0} stroke="none" isAnimationActive={false}>
          {shown.map((d) => (
            <Cell key={d.key} fill={JOB_STATUS_COLORS[d.key]} />
          ))}
        </Pie>
        <Tooltip {...TOOLTIP_STYLE} />
      </PieChart>
      <div className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center">
        <span className="text-2xl font-semibold tabular-nums">{total}</span>
        <span className="text-muted-foreground text-xs">jobs</span>
      </div>
    </div>
  );
}
