import type { Metadata } from "next";
import { PageHeader } from "@/components/common/page-header";
import { requirePage } from "@/server/http/page";
import { describeSchedule } from "@/lib/scheduler/cron";
import { listJobFormOptions } from "@/server/services/jobs/list-job-form-options";
import { initialValues } from "../_components/form-values";
import { JobForm } from "../_components/job-form";

export const metadata: Metadata = { title: "New job" };

export default async function NewJobPage() {
  await requirePage("jobs:write");
  const choices = await listJobFormOptions();
  const initialPreview = describeSchedule(initialValues(choices).schedule, choices.timeZone);
  return (
    <div className="mx-auto grid w-full max-w-3xl gap-6">
      <PageHeader title="New job" description="What to back up, where to, how, when, and for how long to keep it." />
      <JobForm choices={choices} initialPreview={initialPreview} />
    </div>
  );
}
