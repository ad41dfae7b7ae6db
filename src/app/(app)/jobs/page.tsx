import type { Metadata } from "next";
import { CalendarClock, Plus } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/common/empty-state";
import { PageHeader } from "@/components/common/page-header";
import { Button } from "@/components/ui/button";
import { requirePage } from "@/server/http/page";
import { can } from "@/server/rbac/permissions";
import { listJobFormOptions } from "@/server/services/jobs/list-job-form-options";
import { listJobs } from "@/server/services/jobs/list-jobs";
import { JobsTable } from "./_components/jobs-table";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage() {
  const caller = await requirePage("jobs:read");
  const canWrite = can(caller.grant, "jobs:write");
  const canExecute = can(caller.grant, "jobs:execute");
  const [jobs, options] = await Promise.all([listJobs(), listJobFormOptions()]);
  const ready = options.sources.length > 0 && options.destinations.length > 0;
  const newJob = canWrite && ready ? (
    <Button asChild>
      <Link href="/jobs/new">
        <Plus /> New job
      </Link>
    </Button>
  ) : null;

  return (
    <div className="grid gap-6">
      <PageHeader
        title="Jobs"
        description={`What gets backed up, where to and when. Schedules run in the system time zone, ${options.timeZone}.`}
        actions={jobs.length ? newJob : null}
      />
      {jobs.length === 0 ? (
        <EmptyState
          icon={<CalendarClock />}
          title="No jobs yet"
          description={
            ready
              ? "A job dumps a source's databases on a schedule, compresses and encrypts them, and streams them to one or more destinations."
              : "A job needs a source to back up and a destination to store the backups. Add both first."
          }
          action={
            ready ? (
              newJob
            ) : canWrite ? (
              <>
                {options.sources.length === 0 ? (
                  <Button asChild variant="outline">
                    <Link href="/sources">Add a source</Link>
                  </Button>
                ) : null}
                {options.destinations.length === 0 ? (
                  <Button asChild variant="outline">
                    <Link href="/destinations">Add a destination</Link>
                  </Button>
                ) : null}
              </>
            ) : null
          }
        />
      ) : (
        <JobsTable jobs={jobs} timeZone={options.timeZone} canWrite={canWrite} canExecute={canExecute} />
      )}
    </div>
  );
}
