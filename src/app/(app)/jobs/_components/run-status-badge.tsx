import { Loader2 } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";

const VARIANT = {
  Success: "success",
  Partial: "warning",
  Failed: "destructive",
  Running: "default",
  Pending: "secondary",
  Cancelled: "secondary",
  Skipped: "outline",
} as const;

const LABEL: Record<string, string> = { Pending: "Queued" };

/** A run's status as a badge that opens the run. */
export function RunStatusBadge({ id, status, title }: { id: string; status: string; title?: string }) {
  const variant = status in VARIANT ? VARIANT[status as keyof typeof VARIANT] : "outline";
  return (
    <Badge asChild variant={variant} data-run-status={status}>
      <Link href={`/history/${id}`} title={title}>
        {status === "Running" ? <Loader2 className="animate-spin" /> : null}
        {LABEL[status] ?? status}
      </Link>
    </Badge>
  );
}
