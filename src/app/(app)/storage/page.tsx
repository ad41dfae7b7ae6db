import type { Metadata } from "next";
import Link from "next/link";
import { ArchiveIcon } from "lucide-react";
import { EmptyState } from "@/components/common/empty-state";
import { FilterSelect, namedOptions } from "@/components/common/filter-parts";
import { PageHeader } from "@/components/common/page-header";
import { Pager } from "@/components/common/pager";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { firstParam as first, hrefWithParams, type SearchParams } from "@/lib/search-params";
import { requirePage } from "@/server/http/page";
import { can } from "@/server/rbac/permissions";
import { getSetting } from "@/server/services/settings/get-settings";
import { listBackups, listStorageFilterOptions } from "@/server/services/storage/list-backups";
import { listUnrecognisedFiles } from "@/server/services/storage/list-unrecognised-files";
import { type BackupSort, ZListBackupsQuery } from "@/server/services/storage/storage.schema";
import { BackupsTable } from "./_components/backups-table";
import { StorageFilters } from "./_components/storage-filters";
import { UnrecognisedFiles } from "./_components/unrecognised-files";

export const metadata: Metadata = { title: "Storage" };

const renderedAt = () => Date.now();

const qs = (params: Record<string, string | undefined>) => hrefWithParams("/storage", params);

function ViewTabs({ view, destinationId }: { view: "backups" | "files"; destinationId?: string }) {
  const tab = (v: "backups" | "files", label: string) => (
    <Button variant={view === v ? "secondary" : "ghost"} size="sm" asChild>
      <Link href={qs({ view: v === "files" ? "files" : undefined, destinationId })} aria-current={view === v ? "page" : undefined} data-testid={`tab-${v}`}>
        {label}
      </Link>
    </Button>
  );
  return (
    <nav className="flex gap-1 border-b pb-2" aria-label="Storage views">
      {tab("backups", "Backups")}
      {tab("files", "Unrecognised files")}
    </nav>
  );
}

async function FilesView({ destinationId, timezone }: { destinationId?: string; timezone: string }) {
  const options = await listStorageFilterOptions();
  const known = destinationId && options.destinations.some((d) => d.id === destinationId) ? destinationId : undefined;
  const destinations = await listUnrecognisedFiles({ destinationId: known });
  return (
    <>
      <form method="get" action="/storage" className="flex flex-wrap items-end gap-3" aria-label="Pick a destination">
        <input type="hidden" name="view" value="files" />
        <FilterSelect id="f-files-destination" name="destinationId" label="Destination" value={known} anyLabel="All destinations" options={namedOptions(options.destinations)} />
        <Button type="submit" variant="outline">Show</Button>
      </form>
      <p className="text-muted-foreground text-sm">
        Files on a destination that are not a backup Bunker recorded: never listed as backups and never restorable here. Orphan cleanup deletes uncommitted backup files after a day; anything else is left alone.
      </p>
      {destinations.length === 0 ? (
        <EmptyState icon={<ArchiveIcon />} title="No destinations yet" description="Add a destination, then its files show up here." />
      ) : (
        <UnrecognisedFiles destinations={destinations} timezone={timezone} now={renderedAt()} />
      )}
    </>
  );
}

export default async function StoragePage({ searchParams }: { searchParams: SearchParams }) {
  const caller = await requirePage("storage:read");
  const sp = await searchParams;
  const view = first(sp.view) === "files" ? "files" : "backups";
  const timezone = await getSetting("system.timezone");
  const header = (
    <PageHeader
      title="Storage"
      description="Every committed backup on every destination: verify it, download it, lock it against retention, restore or delete it."
    />
  );

  if (view === "files") {
    return (
      <div className="grid gap-6">
        {header}
        <ViewTabs view="files" destinationId={first(sp.destinationId)} />
        <FilesView destinationId={first(sp.destinationId)} timezone={timezone} />
      </div>
    );
  }

  const filters = {
    destinationId: first(sp.destinationId),
    jobId: first(sp.jobId),
    engine: first(sp.engine),
    database: first(sp.database),
    verify: first(sp.verify),
    locked: first(sp.locked),
  };
  const raw = { ...filters, sort: first(sp.sort), dir: first(sp.dir), page: first(sp.page) };
  const parsed = ZListBackupsQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : ZListBackupsQuery.parse({});
  const [page, options] = await Promise.all([listBackups(query), listStorageFilterOptions()]);
  const kept = parsed.success ? filters : {};
  const sortParams = (sort: BackupSort, dir: "asc" | "desc") => (sort === "created" && dir === "desc" ? {} : { sort, dir });
  const href = (o: { sort?: BackupSort; dir?: "asc" | "desc"; page?: number }) =>
    qs({ ...kept, ...sortParams(o.sort ?? query.sort, o.dir ?? query.dir), page: o.page && o.page > 1 ? String(o.page) : undefined });
  const filtered = Object.values(filters).some(Boolean);
  const permissions = { download: can(caller.grant, "storage:download"), delete: can(caller.grant, "storage:delete"), restore: can(caller.grant, "storage:restore") };

  return (
    <div className="grid gap-6">
      {header}
      <ViewTabs view="backups" destinationId={filters.destinationId} />
      <StorageFilters
        options={options}
        values={{ ...filters, ...(query.sort !== "created" || query.dir !== "desc" ? { sort: query.sort, dir: query.dir } : {}) }}
        invalid={!parsed.success}
      />
      {page.rows.length === 0 ? (
        <EmptyState
          icon={<ArchiveIcon />}
          title={filtered ? "No backups match these filters" : "No backups yet"}
          description={filtered ? "Change or reset the filters." : "A backup shows up here once a run has written it and its manifest to a destination."}
          action={filtered ? <Button variant="outline" asChild><Link href="/storage">Reset filters</Link></Button> : null}
        />
      ) : (
        <Card className="overflow-hidden py-0">
          <BackupsTable
            rows={page.rows}
            timezone={timezone}
            now={renderedAt()}
            can={permissions}
            sort={{ sort: query.sort, dir: query.dir, href: (sort, dir) => href({ sort, dir }) }}
          />
        </Card>
      )}
      {page.total > 0 ? (
        <Pager
          summary={
            <span data-testid="storage-count">
              {page.total} backup{page.total === 1 ? "" : "s"} · page {page.page} of {page.pageCount}
            </span>
          }
          prev={{ href: page.page > 1 ? href({ page: page.page - 1 }) : null, label: "Previous", testId: "storage-prev" }}
          next={{ href: page.page < page.pageCount ? href({ page: page.page + 1 }) : null, label: "Next", testId: "storage-next" }}
        />
      ) : null}
    </div>
  );
}
