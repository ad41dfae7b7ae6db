import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/common/page-header";
import { EmptyState } from "@/components/common/empty-state";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requirePage } from "@/server/http/page";
import { listAudit, ZAuditQuery } from "@/server/services/audit/list-audit";
import { getSetting } from "@/server/services/settings/get-settings";
import { AuditFilters } from "./_components/audit-filters";
import { AuditTable } from "./_components/audit-table";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage("audit:read");
  const sp = await searchParams;
  const raw = { action: first(sp.action), actor: first(sp.actor), outcome: first(sp.outcome), from: first(sp.from), to: first(sp.to), page: first(sp.page) };
  const parsed = ZAuditQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : ZAuditQuery.parse({});
  const [{ rows, total, actions }, timezone] = await Promise.all([listAudit(query), getSetting("system.timezone")]);
  const pages = Math.max(1, Math.ceil(total / query.pageSize));
  const pageHref = (page: number) => {
    const p = new URLSearchParams(Object.entries({ ...raw, page: String(page) }).filter((e): e is [string, string] => !!e[1]));
    return `/audit?${p.toString()}`;
  };

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
      <div className="text-muted-foreground flex items-center justify-between text-sm">
        <span data-testid="audit-total">
          {total} event{total === 1 ? "" : "s"} · page {Math.min(query.page, pages)} of {pages}
        </span>
        <div className="flex gap-2">
          <Button variant="outline" size="sm" asChild aria-disabled={query.page <= 1} className={query.page <= 1 ? "pointer-events-none opacity-50" : ""}>
            <Link href={pageHref(Math.max(1, query.page - 1))}>Previous</Link>
          </Button>
          <Button variant="outline" size="sm" asChild aria-disabled={query.page >= pages} className={query.page >= pages ? "pointer-events-none opacity-50" : ""}>
            <Link href={pageHref(Math.min(pages, query.page + 1))}>Next</Link>
          </Button>
        </div>
      </div>
    </div>
  );
}
