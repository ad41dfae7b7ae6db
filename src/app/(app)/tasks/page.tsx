import type { Metadata } from "next";
import { PageHeader } from "@/components/common/page-header";
import { requirePage } from "@/server/http/page";
import { can } from "@/server/rbac/permissions";
import { getSettings } from "@/server/services/settings/get-settings";
import { listSystemTasks } from "@/server/services/system-tasks/list-system-tasks";
import { SchedulerSettings } from "./_components/scheduler-settings";
import { TasksList } from "./_components/tasks-list";

export const metadata: Metadata = { title: "System tasks" };
export const dynamic = "force-dynamic";

export default async function SystemTasksPage() {
  const caller = await requirePage("settings:read");
  const canWrite = can(caller.grant, "settings:write");
  const [tasks, settings] = await Promise.all([listSystemTasks(), getSettings()]);
  return (
    <div className="grid gap-6">
      <PageHeader
        title="System tasks"
        description="Background maintenance that runs on its own schedule. A disabled task skips its scheduled runs; Run now still works."
      />
      <SchedulerSettings
        timezone={settings["system.timezone"]}
        maxConcurrentJobs={settings["queue.maxConcurrentJobs"]}
        catchUp={settings["scheduler.catchUp"]}
        timeZones={Intl.supportedValuesOf("timeZone")}
        canWrite={canWrite}
      />
      <TasksList tasks={tasks} canWrite={canWrite} />
    </div>
  );
}
