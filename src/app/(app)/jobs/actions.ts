"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/server/http/action";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { getSetting } from "@/server/services/settings/get-settings";
import { cloneJob } from "@/server/services/jobs/clone-job";
import { createJob } from "@/server/services/jobs/create-job";
import { deleteJob } from "@/server/services/jobs/delete-job";
import { describeSchedule } from "@/lib/scheduler/cron";
import { ZDescribeSchedule, ZJobFields, ZJobId, ZListSourceDatabases, ZSetJobEnabled, ZUpdateJob } from "@/server/services/jobs/jobs.schema";
import { listSourceDatabases } from "@/server/services/jobs/list-source-databases";
import { setJobEnabled } from "@/server/services/jobs/set-job-enabled";
import { updateJob } from "@/server/services/jobs/update-job";

const done = () => revalidatePath("/jobs", "layout");

export const createJobAction = defineAction({
  name: "jobs.create",
  access: "jobs:write",
  schema: ZJobFields,
  handler: async (data, { actor }) => {
    const job = await createJob({ data, actor });
    done();
    return { id: job.id, name: job.name };
  },
});

export const updateJobAction = defineAction({
  name: "jobs.update",
  access: "jobs:write",
  schema: ZUpdateJob,
  handler: async (data, { actor }) => {
    const job = await updateJob({ data, actor });
    done();
    return { id: job.id, name: job.name };
  },
});

export const cloneJobAction = defineAction({
  name: "jobs.clone",
  access: "jobs:write",
  schema: ZJobId,
  handler: async ({ id }, { actor }) => {
    const job = await cloneJob({ id, actor });
    done();
    return { id: job.id, name: job.name };
  },
});

export const setJobEnabledAction = defineAction({
  name: "jobs.set-enabled",
  access: "jobs:write",
  schema: ZSetJobEnabled,
  handler: async ({ id, enabled }, { actor }) => {
    const job = await setJobEnabled({ id, enabled, actor });
    done();
    return { id: job.id, enabled: job.enabled };
  },
});

export const deleteJobAction = defineAction({
  name: "jobs.delete",
  access: "jobs:write",
  schema: ZJobId,
  handler: async ({ id }, { actor }) => {
    const { backupsKept } = await deleteJob({ id, actor });
    done();
    return { id, backupsKept };
  },
});

export const runJobNowAction = defineAction({
  name: "jobs.run",
  access: "jobs:execute",
  schema: ZJobId,
  handler: async ({ id }, { actor }) => {
    const { executionId } = await startBackupRun({ jobId: id, trigger: "manual", actor });
    done();
    return { executionId };
  },
});

/** The job form's live cron preview, in the system time zone. */
export const describeScheduleAction = defineAction({
  name: "jobs.describe-schedule",
  access: "jobs:read",
  schema: ZDescribeSchedule,
  handler: async ({ schedule }) => describeSchedule(schedule, await getSetting("system.timezone")),
});

export const listSourceDatabasesAction = defineAction({
  name: "jobs.list-source-databases",
  access: "jobs:write",
  schema: ZListSourceDatabases,
  handler: async ({ sourceId }) => listSourceDatabases({ sourceId }),
});
