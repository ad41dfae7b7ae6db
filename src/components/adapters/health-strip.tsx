import { cn } from "@/lib/utils";

export type HealthPointView = { status: string; latencyMs: number | null; error: string | null; checkedAt: string };

const COLOR: Record<string, string> = {
  ONLINE: "bg-success",
  DEGRADED: "bg-warning",
  OFFLINE: "bg-destructive",
};

/** The latest checks as thin bars, oldest on the left; each bar's tooltip says when, how fast, or why not. */
export function HealthStrip({ points, slots = 30 }: { points: HealthPointView[]; slots?: number }) {
  const pad = Math.max(0, slots - points.length);
  return (
    <div className="flex h-6 items-end gap-[2px]" aria-label={`Last ${points.length} health checks`}>
      {Array.from({ length: pad }, (_, i) => (
        <span key={`pad-${i}`} className="bg-muted h-full w-1.5 rounded-sm" />
      ))}
      {points.map((p) => (
        <span
          key={p.checkedAt}
          title={`${new Date(p.checkedAt).toLocaleString()} · ${p.status}${p.latencyMs !== null ? ` · ${p.latencyMs} ms` : ""}${p.error ? ` · ${p.error}` : ""}`}
          className={cn("h-full w-1.5 rounded-sm", COLOR[p.status] ?? "bg-muted-foreground/40")}
        />
      ))}
    </div>
  );
}
