import type { Metadata } from "next";
import Link from "next/link";
import { HistoryIcon } from "lucide-react";
import { EmptyState } from "@/components/common/empty-state";
import { PageHeader } from "@/components/common/page-header";
import { Pager } from "@/components/common/pager";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { firstParam as first, hrefWithParams, type SearchParams } from "@/lib/search-params";
import { requirePage } from "@/server/http/page";
import { ZListExecutionsQuery } from "@/server/services/executions/executions.schema";
import { listExecutionJobOptions, listExecutions } from "@/server/services/executions/list-executions";
import { getDateDisplay } from "@/server/services/profile/preferences";
import { HistoryFilters } from "./_components/history-filters";
import { HistoryTable } from "./_components/history-table";

export const metadata: Metadata = { title: "History" };

const renderedAt = () => Date.now();

export default async function HistoryPage({ searchParams }: { searchParams: SearchParams }) {
  const caller = await requirePage("history:read");
  const sp = await searchParams;
  const filters = { jobId: first(sp.jobId), status: first(sp.status), type: first(sp.type), trigger: first(sp.trigger), from: first(sp.from), to: first(sp.to) };
  const raw = { ...filters, before: first(sp.before), after: first(sp.after) };
  const parsed = ZListExecutionsQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : ZListExecutionsQuery.parse({});
  const [page, jobs, dates] = await Promise.all([listExecutions(query), listExecutionJobOptions(), getDateDisplay(caller.userId)]);
  const filtered = Object.values(filters).some(Boolean);
  const paged = !!(query.before || query.after);

  const href = (cursor: { before?: string; after?: string }) => hrefWithParams("/history", { ...(parsed.success ? filters : {}), ...cursor });

  return (
    <div className="grid gap-6">
      <PageHeader title="History" description="Every backup, restore, drill and verification run, newest first. Open a run for its log and per-destination results." />
      <HistoryFilters jobs={jobs} values={filters} invalid={!parsed.success} />
      {page.rows.length === 0 ? (
        <EmptyState
          icon={<HistoryIcon />}
          title={filtered ? "No runs match these filters" : paged ? "No runs on this page" : "No runs yet"}
          description={
            filtered ? "Change or reset the filters." : paged ? "The runs here may have been pruned." : "Runs appear here as soon as a job starts, by schedule or by hand."
          }
          action={filtered || paged ? <Button variant="outline" asChild><Link href={filtered ? "/history" : href({})}>{filtered ? "Reset filters" : "Back to the newest runs"}</Link></Button> : null}
        />
      ) : (
        <Card className="overflow-hidden py-0">
          <HistoryTable rows={page.rows} timezone={dates.timeZone} dateFormat={dates.dateFormat} now={renderedAt()} />
        </Card>
      )}
      {page.rows.length > 0 ? (
        <Pager
          summary={
            <span data-testid="history-count">
              {page.rows.length} run{page.rows.length === 1 ? "" : "s"}
              {paged ? "" : " · newest first"}
              {paged ? (
                <>
                  {" · "}
                  <Link href={href({})} className="text-primary hover:underline">Back to newest</Link>
                </>
              ) : null}
            </span>
          }
          prev={{ href: page.newer ? href({ after: page.newer }) : null, label: "Newer", testId: "history-newer" }}
          next={{ href: page.older ? href({ before: page.older }) : null, label: "Older", testId: "history-older" }}
        />
      ) : null}
    </div>
  );
}
