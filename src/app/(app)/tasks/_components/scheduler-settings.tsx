"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { updateSchedulerSettingsAction } from "../actions";

type Props = { timezone: string; maxConcurrentJobs: number; catchUp: "off" | "once"; timeZones: string[]; canWrite: boolean };

export function SchedulerSettings(props: Props) {
  const router = useRouter();
  const [timezone, setTimezone] = useState(props.timezone);
  const [max, setMax] = useState(String(props.maxConcurrentJobs));
  const [catchUp, setCatchUp] = useState(props.catchUp);
  const save = useServerAction(updateSchedulerSettingsAction);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Scheduler</CardTitle>
        <CardDescription>Cron schedules fire in this time zone. Changing it re-schedules every job at once.</CardDescription>
      </CardHeader>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.run(
            { "system.timezone": timezone, "queue.maxConcurrentJobs": Number(max), "scheduler.catchUp": catchUp },
            { success: "Scheduler settings saved", onSuccess: () => router.refresh() },
          );
        }}
      >
        <CardContent className="grid gap-4 sm:grid-cols-3">
          <div className="sm:col-span-3"><FormAlert message={save.error && !save.error.fieldErrors ? save.error.message : null} /></div>
          <FormField id="set-timezone" label="Time zone" error={save.fieldError("system.timezone")}>
            <Input id="set-timezone" list="time-zones" value={timezone} onChange={(e) => setTimezone(e.target.value)} disabled={!props.canWrite} />
            <datalist id="time-zones">
              {props.timeZones.map((tz) => <option key={tz} value={tz} />)}
            </datalist>
          </FormField>
          <FormField id="set-max" label="Backups at the same time" error={save.fieldError("queue.maxConcurrentJobs")} hint="Scheduled runs queue beyond this.">
            <Input id="set-max" type="number" min={1} max={32} value={max} onChange={(e) => setMax(e.target.value)} disabled={!props.canWrite} />
          </FormField>
          <FormField id="set-catchup" label="After downtime" error={save.fieldError("scheduler.catchUp")}>
            <NativeSelect id="set-catchup" value={catchUp} onChange={(e) => setCatchUp(e.target.value as "off" | "once")} disabled={!props.canWrite}>
              <option value="once">Run each missed job once</option>
              <option value="off">Skip missed runs</option>
            </NativeSelect>
          </FormField>
        </CardContent>
        {props.canWrite ? (
          <CardFooter className="justify-end pt-6">
            <Button type="submit" disabled={save.pending}>{save.pending ? "Saving…" : "Save"}</Button>
          </CardFooter>
        ) : null}
      </form>
    </Card>
  );
}
