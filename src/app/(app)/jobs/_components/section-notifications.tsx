"use client";
import Link from "next/link";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";
import { DEFAULT_JOB_EVENTS, EVENT_LABELS, JOB_EVENTS, type JobEvent } from "@/server/services/notifications/events";
import { FormSection } from "./form-section";
import type { FieldErrorOf, JobFormChoices, JobFormValues, SetValues } from "./form-values";

const SHORT: Record<JobEvent, string> = {
  "backup.failed": "Failure",
  "backup.partial": "Partial",
  "backup.success": "Success",
  "backup.missing": "Missing backup",
  "verify.failed": "Verification failed",
  "restore.failed": "Restore failed",
  "restore.success": "Restore succeeded",
  "drill.failed": "Drill failed",
  "drill.passed": "Drill passed",
  drift: "Drift",
  "rpo.breached": "RPO breached",
};

/** Per notifier: on or off for this job, and which events it receives (success pings here, failures there). */
export function NotificationsSection({ values, set, err, choices }: { values: JobFormValues; set: SetValues; err: FieldErrorOf; choices: JobFormChoices }) {
  const error = err("notifiers");
  const picked = new Map(values.notifiers.map((n) => [n.notifierId, n.events]));
  const toggle = (id: string, on: boolean) =>
    set({ notifiers: on ? [...values.notifiers.filter((n) => n.notifierId !== id), { notifierId: id, events: [...DEFAULT_JOB_EVENTS] }] : values.notifiers.filter((n) => n.notifierId !== id) });
  const toggleEvent = (id: string, event: JobEvent, on: boolean) =>
    set({
      notifiers: values.notifiers.map((n) =>
        n.notifierId !== id ? n : { ...n, events: JOB_EVENTS.filter((e) => (e === event ? on : n.events.includes(e))) },
      ),
    });

  return (
    <FormSection
      id="notifications"
      step={7}
      title="Notifications"
      description="Who hears about this job. Each notifier gets its own events: send successes to one place and failures to another."
    >
      <fieldset className="grid gap-2" aria-describedby={error ? "job-notifiers-error" : undefined}>
        <legend className="sr-only">Notifiers</legend>
        {choices.notifiers.length === 0 ? (
          <p className="text-muted-foreground rounded-lg border border-dashed p-4 text-sm">
            There is no notifier yet.{" "}
            <Link href="/notifications" className="text-primary font-medium underline-offset-4 hover:underline">
              Add an email, a webhook, Slack, Discord, Telegram …
            </Link>{" "}
            to be told when a backup fails.
          </p>
        ) : (
          <ul className="grid gap-2">
            {choices.notifiers.map((n) => {
              const events = picked.get(n.id);
              const on = events !== undefined;
              return (
                <li key={n.id} className={cn("grid gap-3 rounded-lg border p-3 transition-colors", on && "border-primary bg-primary/5")} data-testid={`job-notifier-${n.name}`}>
                  <div className="flex items-center gap-3">
                    <Checkbox id={`notifier-${n.id}`} checked={on} onCheckedChange={(c) => toggle(n.id, c === true)} aria-invalid={!!error} />
                    <Label htmlFor={`notifier-${n.id}`} className="min-w-0 cursor-pointer truncate">
                      {n.name}
                    </Label>
                    <span className="text-muted-foreground truncate text-xs">{n.typeLabel}</span>
                  </div>
                  {on ? (
                    <div className="flex flex-wrap gap-x-4 gap-y-2 pl-7" role="group" aria-label={`Events for ${n.name}`}>
                      {JOB_EVENTS.map((e) => (
                        <label key={e} className="flex items-center gap-2 text-sm" title={EVENT_LABELS[e]}>
                          <Checkbox checked={events.includes(e)} onCheckedChange={(c) => toggleEvent(n.id, e, c === true)} aria-label={`${n.name}: ${SHORT[e]}`} />
                          {SHORT[e]}
                        </label>
                      ))}
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        {error ? (
          <p id="job-notifiers-error" role="alert" className="text-destructive text-sm">
            {error}
          </p>
        ) : null}
      </fieldset>
    </FormSection>
  );
}
