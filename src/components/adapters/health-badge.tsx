import { Badge } from "@/components/ui/badge";

const VARIANT = { ONLINE: "success", DEGRADED: "warning", OFFLINE: "destructive", UNKNOWN: "secondary" } as const;
const LABEL = { ONLINE: "Online", DEGRADED: "Degraded", OFFLINE: "Offline", UNKNOWN: "Not checked" } as const;

export type HealthStatusValue = keyof typeof VARIANT;

export function HealthBadge({ status }: { status: string }) {
  const s = (status in VARIANT ? status : "UNKNOWN") as HealthStatusValue;
  return (
    <Badge variant={VARIANT[s]} data-health={s}>
      {LABEL[s]}
    </Badge>
  );
}
