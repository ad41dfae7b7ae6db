import type { Metadata } from "next";
import { PageHeader } from "@/components/common/page-header";
import { EmptyState } from "@/components/common/empty-state";
import { Pager } from "@/components/common/pager";
import { Card } from "@/components/ui/card";
import { firstParam, hrefWithParams, type SearchParams } from "@/lib/search-params";
import { requirePage } from "@/server/http/page";
import { listAudit, ZAuditQuery } from "@/server/services/audit/list-audit";
import { getSetting } from "@/server/services/settings/get-settings";
import { AuditFilters } from "./_components/audit-filters";
import { AuditTable } from "./_components/audit-table";

export const metadata: Metadata = { title: "Audit log" };


export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage("audit:read");
  const sp = await searchParams;
  const raw = { action: firstParam(sp.action), actor: firstParam(sp.actor), outcome: firstParam(sp.outcome), from: firstParam(sp.from), to: firstParam(sp.to), page: firstParam(sp.page) };
  const parsed = ZAuditQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : ZAuditQuery.parse({});
  const [{ rows, total, actions }, timezone] = await Promise.all([listAudit(query), getSetting("system.timezone")]);
  const pages = Math.max(1, Math.ceil(total / query.pageSize));
  const pageHref = (page: number) => hrefWithParams("/audit", { ...raw, page: String(page) });

  return (
    <div className="grid gap-6">
      <PageHeader title="Audit log" description="Every sign-in, sign-out and change, with who, from where, and what it was before and after. Append-only." />
      <AuditFilters actions={actions} values={raw} invalid={!parsed.success} />
      {rows.length === 0 ? (
        <EmptyState title="No matching events" description="Change the filters, or wait for something to happen." />
      ) : (
        <Card className="py-0">
          <AuditTable rows={rows} timezone={timezone} />
        </Card>
      )}
      <Pager
        summary={
          <span data-testid="audit-total">
            {total} event{total === 1 ? "" : "s"} · page {Math.min(query.page, pages)} of {pages}
          </span>
        }
        prev={{ href: query.page > 1 ? pageHref(query.page - 1) : null, label: "Previous", testId: "audit-prev" }}
        next={{ href: query.page < pages ? pageHref(query.page + 1) : null, label: "Next", testId: "audit-next" }}
      />
    </div>
  );
}
