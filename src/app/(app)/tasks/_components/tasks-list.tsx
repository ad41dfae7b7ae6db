"use client";
import { Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useServerAction } from "@/components/forms/use-server-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import { formatDateTime, formatRelative } from "@/lib/format";
import type { SystemTaskView } from "@/server/services/system-tasks/list-system-tasks";
import { runSystemTaskNowAction, setSystemTaskEnabledAction } from "../actions";

const every = (ms: number): string => {
  const s = Math.round(ms / 1000);
  if (s % 86_400 === 0) return s === 86_400 ? "Every day" : `Every ${s / 86_400} days`;
  if (s % 3600 === 0) return s === 3600 ? "Every hour" : `Every ${s / 3600} hours`;
  if (s % 60 === 0) return s === 60 ? "Every minute" : `Every ${s / 60} minutes`;
  return `Every ${s} seconds`;
};

function TaskCard({ task, canWrite }: { task: SystemTaskView; canWrite: boolean }) {
  const router = useRouter();
  const toggle = useServerAction(setSystemTaskEnabledAction);
  const runNow = useServerAction(runSystemTaskNowAction);
  const last = task.lastResult;
  const switchId = `task-enabled-${task.id}`;
  return (
    <Card data-testid={`system-task-${task.id}`}>
      <CardHeader className="flex flex-row items-start justify-between gap-4">
        <div className="grid gap-1">
          <CardTitle className="flex items-center gap-2">
            {task.label}
            {!task.enabled ? <Badge variant="secondary">Disabled</Badge> : null}
            {task.running || runNow.pending ? <Badge variant="outline">Running</Badge> : null}
          </CardTitle>
          <CardDescription>{task.description}</CardDescription>
        </div>
        <div className="flex shrink-0 items-center gap-3">
          <label htmlFor={switchId} className="text-muted-foreground text-sm">
            Enabled
          </label>
          <Switch
            id={switchId}
            checked={task.enabled}
            disabled={!canWrite || toggle.pending}
            onCheckedChange={(enabled) =>
              toggle.run({ id: task.id, enabled }, { success: enabled ? `${task.label} enabled` : `${task.label} disabled`, toastError: true, onSuccess: () => router.refresh() })
            }
          />
          {canWrite ? (
            <Button
              size="sm"
              variant="outline"
              disabled={runNow.pending}
              onClick={() =>
                runNow.run(
                  { id: task.id },
                  { success: `${task.label} finished`, toastError: true, onSuccess: () => router.refresh() },
                )
              }
            >
              <Play />
              {runNow.pending ? "Running…" : "Run now"}
            </Button>
          ) : null}
        </div>
      </CardHeader>
      <CardContent className="text-muted-foreground flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
        <span>{every(task.intervalMs)}</span>
        {last ? (
          <span className="flex min-w-0 items-center gap-2">
            {last.ok ? <Badge variant="success">OK</Badge> : <Badge variant="destructive">Failed</Badge>}
            <span title={formatDateTime(last.at)}>{formatRelative(last.at)}</span>
            <span className="truncate" title={last.summary}>
              {last.summary}
            </span>
            <span>({(last.durationMs / 1000).toFixed(1)} s)</span>
          </span>
        ) : (
          <span>Not run yet</span>
        )}
      </CardContent>
    </Card>
  );
}

export function TasksList({ tasks, canWrite }: { tasks: SystemTaskView[]; canWrite: boolean }) {
  return (
    <div className="grid gap-4">
      {tasks.map((t) => (
        <TaskCard key={t.id} task={t} canWrite={canWrite} />
      ))}
    </div>
  );
}
