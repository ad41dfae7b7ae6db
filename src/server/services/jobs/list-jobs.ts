import { db } from "@/server/db";
import { getSetting } from "../settings/get-settings";
import { describeSchedule } from "@/lib/scheduler/cron";
import { JOB_INCLUDE, type JobListItem, RUN_REF_SELECT, toJobDto, toRunRef } from "./job-dto";

export type ListJobsOptions = { now?: Date };

/** Every job with its schedule in words, its next fire (system time zone) and its latest backup run. */
export const listJobs = async ({ now }: ListJobsOptions = {}): Promise<JobListItem[]> => {
  const timeZone = await getSetting("system.timezone");
  const rows = await db.job.findMany({
    include: {
      ...JOB_INCLUDE,
      executions: { where: { type: "Backup", status: { not: "Skipped" } }, orderBy: { createdAt: "desc" }, take: 1, select: RUN_REF_SELECT },
    },
    orderBy: { name: "asc" },
  });
  return rows.map(({ executions, ...row }) => {
    const job = toJobDto(row);
    const schedule = describeSchedule(job.schedule, timeZone, { now, count: 1 });
    const lastRun = executions[0];
    return {
      ...job,
      scheduleText: schedule.ok ? schedule.text : "Invalid schedule",
      scheduleError: schedule.ok ? null : schedule.error,
      nextRunAt: schedule.ok && job.enabled ? (schedule.next[0] ?? null) : null,
      lastRun: lastRun ? toRunRef(lastRun) : null,
    };
  });
};
