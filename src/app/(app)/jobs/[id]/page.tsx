import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/common/page-header";
import { formatDateTime } from "@/lib/format";
import { requirePage } from "@/server/http/page";
import { can } from "@/server/rbac/permissions";
import { describeSchedule } from "@/lib/scheduler/cron";
import { drillsActive } from "@/lib/drills/settings";
import { getJobDrills } from "@/server/services/drills/get-job-drills";
import { getJob } from "@/server/services/jobs/get-job";
import { listJobFormOptions } from "@/server/services/jobs/list-job-form-options";
import type { EditableJob } from "../_components/form-values";
import { JobForm } from "../_components/job-form";
import { RunNowButton } from "../_components/run-now-button";
import { JobRecovery } from "./_components/job-recovery";
import { RetentionPreview } from "./_components/retention-preview";

export const metadata: Metadata = { title: "Edit job" };

export default async function EditJobPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await requirePage("jobs:write");
  const [job, choices] = await Promise.all([getJob(id), listJobFormOptions()]);
  if (!job) notFound();
  const drills = await getJobDrills(id);
  const editable: EditableJob = {
    id: job.id,
    name: job.name,
    slug: job.slug,
    description: job.description,
    enabled: job.enabled,
    sourceId: job.source.id,
    databases: job.databases,
    destinationIds: job.destinations.map((d) => d.id),
    compression: job.compression,
    compressionLevel: job.compressionLevel,
    encryptionProfileId: job.encryptionProfile?.id ?? null,
    schedule: job.schedule,
    retention: job.retention,
    timeoutSeconds: job.timeoutSeconds,
    notifiers: job.notifiers.map((n) => ({ notifierId: n.id, events: n.events })),
    drill: job.drill,
  };
  return (
    <div className="mx-auto grid w-full max-w-3xl gap-6">
      <PageHeader
        title={job.name}
        description={`Backup job · created ${formatDateTime(job.createdAt, choices.timeZone)} · last changed ${formatDateTime(job.updatedAt, choices.timeZone)}`}
        actions={can(caller.grant, "jobs:execute") ? <RunNowButton jobId={job.id} variant="outline" /> : null}
      />
      <JobRecovery jobId={job.id} data={drills} drillsOn={drillsActive(job.drill)} canRun={can(caller.grant, "jobs:execute")} timeZone={choices.timeZone} />
      <JobForm choices={choices} job={editable} initialPreview={describeSchedule(job.schedule, choices.timeZone)} />
      <RetentionPreview jobId={job.id} />
    </div>
  );
}
