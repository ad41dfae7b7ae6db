import type { Metadata } from "next";
import Link from "next/link";
import { ScrollTextIcon } from "lucide-react";
import { EmptyState } from "@/components/common/empty-state";
import { PageHeader } from "@/components/common/page-header";
import { Button } from "@/components/ui/button";
import { requirePage } from "@/server/http/page";
import { listDeliveries } from "@/server/services/notifications/list-deliveries";
import { ZDeliveryFilter } from "@/server/services/notifications/notifications.schema";
import { getSetting } from "@/server/services/settings/get-settings";
import { DeliveriesTable } from "../_components/deliveries-table";

export const metadata: Metadata = { title: "Delivery log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function DeliveriesPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage("notifications:read");
  const sp = await searchParams;
  const filter = ZDeliveryFilter.parse({ status: first(sp.status), event: first(sp.event), notifierId: first(sp.notifierId), page: first(sp.page) });
  const [result, timeZone] = await Promise.all([listDeliveries(filter), getSetting("system.timezone")]);
  const href = (patch: Record<string, string | undefined>) => {
    const p = new URLSearchParams(Object.entries({ status: filter.status, event: filter.event, notifierId: filter.notifierId, ...patch }).filter((e): e is [string, string] => !!e[1]));
    const qs = p.toString();
    return qs ? `/notifications/deliveries?${qs}` : "/notifications/deliveries";
  };
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Delivery log"
        description="Every notification Bunker sent or tried to send, with each attempt's answer. Failed sends are retried on 5xx answers, network errors and timeouts, never on 4xx."
        actions={<Button variant="outline" asChild><Link href="/notifications">Notifiers</Link></Button>}
      />
      <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="delivery-filters">
        <span className="text-muted-foreground">Status:</span>
        {[undefined, "sent", "failed", "pending"].map((s) => (
          <Button key={s ?? "all"} size="sm" variant={filter.status === s ? "default" : "outline"} asChild>
            <Link href={href({ status: s, page: undefined })}>{s ?? "All"}</Link>
          </Button>
        ))}
        {filter.notifierId ? <Button size="sm" variant="ghost" asChild><Link href={href({ notifierId: undefined, page: undefined })}>Clear notifier filter</Link></Button> : null}
      </div>
      {result.rows.length === 0 ? (
        <EmptyState icon={<ScrollTextIcon />} title="No deliveries" description="Press Send test on a notifier, or wait for an event." />
      ) : (
        <DeliveriesTable rows={result.rows} timeZone={timeZone} />
      )}
      {result.pages > 1 ? (
        <div className="flex items-center justify-end gap-2 text-sm">
          <span className="text-muted-foreground">Page {result.page} of {result.pages} · {result.total} deliveries</span>
          {result.page > 1 ? <Button size="sm" variant="outline" asChild><Link href={href({ page: String(result.page - 1) })}>Newer</Link></Button> : null}
          {result.page < result.pages ? <Button size="sm" variant="outline" asChild><Link href={href({ page: String(result.page + 1) })}>Older</Link></Button> : null}
        </div>
      ) : null}
    </div>
  );
}
