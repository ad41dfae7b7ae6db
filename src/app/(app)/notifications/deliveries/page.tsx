import type { Metadata } from "next";
import Link from "next/link";
import { ScrollTextIcon } from "lucide-react";
import { EmptyState } from "@/components/common/empty-state";
import { PageHeader } from "@/components/common/page-header";
import { Pager } from "@/components/common/pager";
import { Button } from "@/components/ui/button";
import { firstParam, hrefWithParams, type SearchParams } from "@/lib/search-params";
import { requirePage } from "@/server/http/page";
import { listDeliveries } from "@/server/services/notifications/list-deliveries";
import { ZDeliveryFilter } from "@/server/services/notifications/notifications.schema";
import { getSetting } from "@/server/services/settings/get-settings";
import { DeliveriesTable } from "../_components/deliveries-table";

export const metadata: Metadata = { title: "Delivery log" };


export default async function DeliveriesPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage("notifications:read");
  const sp = await searchParams;
  const filter = ZDeliveryFilter.parse({ status: firstParam(sp.status), event: firstParam(sp.event), notifierId: firstParam(sp.notifierId), page: firstParam(sp.page) });
  const [result, timeZone] = await Promise.all([listDeliveries(filter), getSetting("system.timezone")]);
  const href = (patch: Record<string, string | undefined>) =>
    hrefWithParams("/notifications/deliveries", { status: filter.status, event: filter.event, notifierId: filter.notifierId, ...patch });
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
        <Pager
          summary={<span>Page {result.page} of {result.pages} · {result.total} deliveries</span>}
          prev={{ href: result.page > 1 ? href({ page: String(result.page - 1) }) : null, label: "Newer", testId: "deliveries-newer" }}
          next={{ href: result.page < result.pages ? href({ page: String(result.page + 1) }) : null, label: "Older", testId: "deliveries-older" }}
        />
      ) : null}
    </div>
  );
}
