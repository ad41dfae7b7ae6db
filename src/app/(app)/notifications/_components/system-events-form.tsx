"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/server/http/action";
import { EVENT_LABELS, SYSTEM_EVENTS, type SystemEvent, type TSystemRoute } from "@/server/services/notifications/events";

type Settings = { systemRoutes: TSystemRoute[]; missingBackupHours: number };
type Props = {
  notifiers: { id: string; name: string; typeLabel: string }[];
  initial: Settings;
  canWrite: boolean;
  save: (i: { systemRoutes: TSystemRoute[]; missingBackupHours: number | string }) => Promise<ActionResult<Settings>>;
};

/** Instance-wide routes: which notifier hears which system event (health, sign-ins, or every job's failures). */
export function SystemEventsForm({ notifiers, initial, canWrite, save }: Props) {
  const router = useRouter();
  const [routes, setRoutes] = useState<Map<string, SystemEvent[]>>(() => new Map(initial.systemRoutes.map((r) => [r.notifierId, r.events])));
  const [hours, setHours] = useState(String(initial.missingBackupHours));
  const action = useServerAction(save);
  const toggle = (id: string, e: SystemEvent, on: boolean) =>
    setRoutes((prev) => {
      const next = new Map(prev);
      const events = SYSTEM_EVENTS.filter((x) => (x === e ? on : (prev.get(id) ?? []).includes(x)));
      if (events.length) next.set(id, events);
      else next.delete(id);
      return next;
    });
  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    action.run(
      { systemRoutes: [...routes].map(([notifierId, events]) => ({ notifierId, events })), missingBackupHours: hours },
      { success: "Notification settings saved", onSuccess: () => router.refresh() },
    );
  };
  return (
    <form onSubmit={submit}>
      <Card>
        <CardHeader>
          <CardTitle>System events</CardTitle>
          <CardDescription>
            Events that belong to no single job (a source going offline, a sign-in from a new device), or every job&apos;s events for an on-call channel. Job events are also sent to the notifiers picked on each job.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5">
          <FormAlert message={action.error && !action.error.fieldErrors?.missingBackupHours ? action.error.message : null} />
          {notifiers.length === 0 ? (
            <p className="text-muted-foreground text-sm">Add a notifier first.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm" data-testid="system-routes">
                <thead>
                  <tr className="text-muted-foreground text-left text-xs">
                    <th className="py-2 pr-3 font-medium">Notifier</th>
                    {SYSTEM_EVENTS.map((e) => <th key={e} className="px-2 py-2 text-center font-medium">{EVENT_LABELS[e]}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {notifiers.map((n) => (
                    <tr key={n.id} className="border-t">
                      <td className="py-2 pr-3"><div className="font-medium">{n.name}</div><div className="text-muted-foreground text-xs">{n.typeLabel}</div></td>
                      {SYSTEM_EVENTS.map((e) => (
                        <td key={e} className="px-2 py-2 text-center">
                          <Checkbox
                            disabled={!canWrite}
                            checked={(routes.get(n.id) ?? []).includes(e)}
                            onCheckedChange={(c) => toggle(n.id, e, c === true)}
                            aria-label={`${n.name}: ${EVENT_LABELS[e]}`}
                          />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="max-w-xs">
            <FormField
              id="missing-hours"
              label="Missing backup after (hours)"
              error={action.fieldError("missingBackupHours")}
              hint="The dead man's switch: a scheduled job with no successful backup this long after its slot sends Backup missing (checked hourly)."
            >
              <Input id="missing-hours" type="number" min={1} max={336} value={hours} disabled={!canWrite} onChange={(e) => setHours(e.target.value)} />
            </FormField>
          </div>
        </CardContent>
        {canWrite ? (
          <CardFooter className="justify-end pt-6">
            <Button type="submit" disabled={action.pending}>{action.pending ? "Saving…" : "Save system events"}</Button>
          </CardFooter>
        ) : null}
      </Card>
    </form>
  );
}
