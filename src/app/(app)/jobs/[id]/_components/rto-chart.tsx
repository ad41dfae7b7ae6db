"use client";
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatRto } from "@/lib/drills/summary";

const TICK = { fontSize: 11, fill: "var(--muted-foreground)" };

/** The restore time (RTO) of each drill, oldest left; failed drills are marked red. */
export function RtoChart({ points }: { points: { at: string; rtoMs: number; status: string }[] }) {
  const data = points.map((p) => ({ ...p, day: new Date(p.at).toLocaleDateString("en", { month: "short", day: "numeric" }), seconds: p.rtoMs / 1000 }));
  return (
    <LineChart responsive data={data} style={{ width: "100%", height: 180 }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer>
      <CartesianGrid vertical={false} stroke="var(--border)" />
      <XAxis dataKey="day" tick={TICK} tickLine={false} axisLine={false} minTickGap={24} />
      <YAxis tickFormatter={(v: number) => `${v} s`} tick={TICK} tickLine={false} axisLine={false} width={48} />
      <Tooltip
        contentStyle={{ background: "var(--popover)", border: "1px solid var(--border)", borderRadius: 8, fontSize: 12 }}
        formatter={(v) => [formatRto(Number(v) * 1000), "RTO"]}
      />
      <Line
        dataKey="seconds"
        type="monotone"
        stroke="var(--primary)"
        strokeWidth={2}
        isAnimationActive={false}
        dot={(p: { cx?: number; cy?: number; index?: number }) => (
          <circle key={p.index} cx={p.cx} cy={p.cy} r={3.5} fill={data[p.index ?? 0]?.status === "failed" ? "var(--destructive)" : "var(--primary)"} />
        )}
      />
    </LineChart>
  );
}
