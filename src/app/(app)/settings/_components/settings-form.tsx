"use client";
import { useRouter } from "next/navigation";
import { type ReactNode, useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import type { TPageSettings } from "@/server/services/settings/settings-form.schema";
import { resetSettingAction, saveSettingsAction } from "../actions";

export type FieldState = { value: unknown; defaultValue: unknown; isDefault: boolean };
type Key = keyof TPageSettings;
type Props = { fields: Record<Key, FieldState>; timeZones: string[]; canWrite: boolean };

const asText = (v: unknown): string => (Array.isArray(v) ? v.join("\n") : String(v ?? ""));
const NUMBER_KEYS: Key[] = [
  "queue.maxConcurrentJobs",
  "queue.maxConcurrentRestores",
  "runs.timeoutMinutes",
  "health.intervalSeconds",
  "retention.executionLogDays",
  "retention.healthCheckDays",
  "retention.auditDays",
];

/** Text for every field as typed; turned into the typed patch (numbers, list) only on save, where zod checks it. */
const toPatch = (text: Record<Key, string>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(text) as Array<[Key, string]>) {
    if (NUMBER_KEYS.includes(k)) out[k] = v.trim() === "" ? Number.NaN : Number(v);
    else if (k === "security.trustedProxies") out[k] = v.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
    else out[k] = v;
  }
  return out;
};

export function SettingsForm({ fields, timeZones, canWrite }: Props) {
  const router = useRouter();
  const [text, setText] = useState(() => Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, asText(f.value)])) as Record<Key, string>);
  const save = useServerAction(saveSettingsAction);
  const reset = useServerAction(resetSettingAction);
  const set = (k: Key) => (e: { target: { value: string } }) => setText((t) => ({ ...t, [k]: e.target.value }));

  const field = (k: Key, label: string, control: ReactNode, hint?: string) => {
    const f = fields[k];
    const defaultText = asText(f.defaultValue).replace(/\n/g, ", ") || "none";
    return (
      <FormField
        id={`set-${k}`}
        label={label}
        error={save.fieldError(k)}
        hint={
          <>
            {hint ? `${hint} ` : ""}
            {f.isDefault ? (
              <span>Default.</span>
            ) : (
              <>
                Default: {defaultText}.{" "}
                {canWrite ? (
                  <button
                    type="button"
                    className="underline"
                    disabled={reset.pending}
                    onClick={() =>
                      reset.run(
                        { key: k },
                        {
                          success: `${label} reset to its default`,
                          toastError: true,
                          onSuccess: (d) => {
                            setText((t) => ({ ...t, [k]: asText(d.value) }));
                            router.refresh();
                          },
                        },
                      )
                    }
                  >
                    Reset
                  </button>
                ) : null}
              </>
            )}
          </>
        }
      >
        {control}
      </FormField>
    );
  };
  const num = (k: Key, min: number, max: number) => (
    <Input id={`set-${k}`} type="number" inputMode="numeric" min={min} max={max} value={text[k]} onChange={set(k)} disabled={!canWrite} aria-invalid={!!save.fieldError(k)} />
  );

  return (
    <form
      className="grid gap-6"
      // zod's messages, next to each field, rather than the browser's bubble on the first one
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.run(toPatch(text) as TPageSettings, { success: "Settings saved", onSuccess: () => router.refresh() });
      }}
    >
      <FormAlert message={save.error && !save.error.fieldErrors ? save.error.message : save.error ? "Some settings are not valid: see the fields below." : null} />
      <Card>
        <CardHeader>
          <CardTitle>Instance</CardTitle>
          <CardDescription>How this Bunker presents itself, and the time zone for schedules, charts and dates.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          {field("instance.name", "Instance name", <Input id="set-instance.name" value={text["instance.name"]} onChange={set("instance.name")} disabled={!canWrite} maxLength={60} />)}
          {field(
            "system.timezone",
            "Time zone",
            <>
              <Input id="set-system.timezone" list="settings-time-zones" value={text["system.timezone"]} onChange={set("system.timezone")} disabled={!canWrite} />
              <datalist id="settings-time-zones">
                {timeZones.map((tz) => (
                  <option key={tz} value={tz} />
                ))}
              </datalist>
            </>,
            "Cron schedules fire in it.",
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Runs and scheduler</CardTitle>
          <CardDescription>How many runs go at once, how long one may take, what happens after downtime, how often adapters are checked.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {field("queue.maxConcurrentJobs", "Backups at the same time", num("queue.maxConcurrentJobs", 1, 32), "Runs beyond this queue.")}
          {field("queue.maxConcurrentRestores", "Restores at the same time", num("queue.maxConcurrentRestores", 1, 16))}
          {field("runs.timeoutMinutes", "Run timeout (minutes)", num("runs.timeoutMinutes", 1, 10_080), "A job's own timeout wins.")}
          {field(
            "scheduler.catchUp",
            "After downtime",
            <NativeSelect id="set-scheduler.catchUp" value={text["scheduler.catchUp"]} onChange={set("scheduler.catchUp")} disabled={!canWrite}>
              <option value="once">Run each missed job once</option>
              <option value="off">Skip missed runs</option>
            </NativeSelect>,
          )}
          {field("health.intervalSeconds", "Health check every (seconds)", num("health.intervalSeconds", 15, 86_400))}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Retention of records</CardTitle>
          <CardDescription>How long Bunker keeps its own records (not backups: each job has its own retention).</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-3">
          {field("retention.executionLogDays", "Run logs (days)", num("retention.executionLogDays", 1, 3650))}
          {field("retention.healthCheckDays", "Health checks (days)", num("retention.healthCheckDays", 1, 3650))}
          {field("retention.auditDays", "Audit log (days)", num("retention.auditDays", 1, 3650))}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Network</CardTitle>
          <CardDescription>Reverse proxies whose X-Forwarded-For Bunker trusts for the client address (audit log, rate limits).</CardDescription>
        </CardHeader>
        <CardContent>
          {field(
            "security.trustedProxies",
            "Trusted proxies",
            <Textarea
              id="set-security.trustedProxies"
              rows={3}
              placeholder={"10.0.0.1\n172.16.0.0/12"}
              value={text["security.trustedProxies"]}
              onChange={set("security.trustedProxies")}
              disabled={!canWrite}
              className="font-mono"
            />,
            "One address or CIDR range per line; empty trusts none.",
          )}
        </CardContent>
        {canWrite ? (
          <CardFooter className="justify-end border-t pt-6">
            <Button type="submit" disabled={save.pending}>
              {save.pending ? "Saving…" : "Save settings"}
            </Button>
          </CardFooter>
        ) : null}
      </Card>
    </form>
  );
}
