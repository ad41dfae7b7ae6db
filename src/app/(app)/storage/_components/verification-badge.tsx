import { CircleCheckIcon, CircleDashedIcon, CircleXIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/lib/format";
import type { VerificationState } from "@/server/services/storage/backup-dto";

/** never (grey) / Verified at T (green) / Failed: reason (red, the reason in full under it). */
export function VerificationBadge({ v, timezone }: { v: VerificationState; timezone: string }) {
  if (v.state === "never") {
    return (
      <Badge variant="outline" className="text-muted-foreground gap-1" data-testid="verify-state">
        <CircleDashedIcon aria-hidden /> Never verified
      </Badge>
    );
  }
  if (v.state === "ok") {
    return (
      <div className="grid gap-0.5">
        <Badge variant="success" className="gap-1" data-testid="verify-state">
          <CircleCheckIcon aria-hidden /> Verified
        </Badge>
        <span className="text-muted-foreground text-xs tabular-nums">{formatDateTime(v.at, timezone)}</span>
      </div>
    );
  }
  return (
    <div className="grid max-w-64 gap-0.5">
      <Badge variant="destructive" className="gap-1" data-testid="verify-state">
        <CircleXIcon aria-hidden /> Failed
      </Badge>
      <span className="text-destructive line-clamp-2 text-xs" title={v.reason}>{v.reason}</span>
      <span className="text-muted-foreground text-xs tabular-nums">{formatDateTime(v.at, timezone)}</span>
    </div>
  );
}
