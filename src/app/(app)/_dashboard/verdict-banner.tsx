import { CircleAlert, CircleCheck, CircleX, Info } from "lucide-react";
import { cn } from "@/lib/utils";
import type { Verdict } from "@/server/services/dashboard/dashboard-shape";

const LOOK = {
  ok: { icon: CircleCheck, className: "border-success/40 bg-success/10", iconClass: "text-success" },
  warn: { icon: CircleAlert, className: "border-warning/50 bg-warning/10", iconClass: "text-amber-600 dark:text-warning" },
  bad: { icon: CircleX, className: "border-destructive/40 bg-destructive/10", iconClass: "text-destructive" },
  empty: { icon: Info, className: "bg-muted/50", iconClass: "text-muted-foreground" },
} as const;

/** The five-second answer: is everything backed up and verified? */
export function VerdictBanner({ verdict }: { verdict: Verdict }) {
  const look = LOOK[verdict.level];
  return (
    <div role="status" data-testid="dashboard-verdict" data-level={verdict.level} className={cn("flex items-start gap-3 rounded-xl border p-4", look.className)}>
      <look.icon className={cn("mt-0.5 size-6 shrink-0", look.iconClass)} aria-hidden />
      <div>
        <p className="text-base font-semibold">{verdict.headline}</p>
        <p className="text-muted-foreground text-sm">{verdict.detail}</p>
      </div>
    </div>
  );
}
