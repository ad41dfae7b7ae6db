import { BanIcon, CircleAlertIcon, CircleCheckIcon, ClockIcon, CircleXIcon, LoaderCircleIcon, SkipForwardIcon, type LucideIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";

type Look = { variant: "success" | "warning" | "destructive" | "secondary" | "outline"; icon: LucideIcon; className?: string; spin?: boolean };

const LOOKS: Record<string, Look> = {
  Success: { variant: "success", icon: CircleCheckIcon },
  Partial: { variant: "warning", icon: CircleAlertIcon },
  Failed: { variant: "destructive", icon: CircleXIcon },
  Cancelled: { variant: "secondary", icon: BanIcon, className: "text-muted-foreground" },
  Skipped: { variant: "outline", icon: SkipForwardIcon, className: "text-muted-foreground" },
  Pending: { variant: "outline", icon: ClockIcon },
  Running: { variant: "outline", icon: LoaderCircleIcon, spin: true, className: "border-transparent bg-blue-600 text-white dark:bg-blue-500/90" },
};

/** A run's status: green Success, amber Partial, red Failed, grey Cancelled, blue Running with a spinner. */
export function RunStatusBadge({ status, className, ...props }: { status: string; className?: string; "data-testid"?: string }) {
  const look = LOOKS[status] ?? { variant: "outline", icon: CircleAlertIcon };
  const Icon = look.icon;
  return (
    <Badge variant={look.variant} className={cn("gap-1", look.className, className)} {...props}>
      <Icon aria-hidden className={cn(look.spin && "animate-spin motion-reduce:animate-none")} />
      <span>{status}</span>
    </Badge>
  );
}
