"use client";
import { AlertTriangle, CalendarClock, CircleAlert, Hand, Loader2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";
import type { ScheduleDescription } from "@/lib/scheduler/cron";
import { FormSection } from "./form-section";
import { type FieldErrorOf, type JobFormValues, SCHEDULE_PRESETS, type SetValues } from "./form-values";
import { useSchedulePreview } from "./use-schedule-preview";

const runFormat = (timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone });

export function ScheduleSection(props: { values: JobFormValues; set: SetValues; err: FieldErrorOf; timeZone: string; initialPreview: ScheduleDescription | null }) {
  const { values, set, err, timeZone } = props;
  const { preview, pending, failed } = useSchedulePreview(values.schedule, props.initialPreview);
  const saveError = err("schedule");
  const invalid = preview && !preview.ok && !pending;
  const normalized = values.schedule.trim().replace(/\s+/g, " ");

  return (
    <FormSection
      id="when"
      step={5}
      title="When"
      description={
        <>
          A cron expression in the system time zone, <span className="text-foreground font-medium">{timeZone}</span>. Leave it empty to run the job only by hand.
        </>
      }
    >
      <div className="grid gap-2">
        <Label htmlFor="job-schedule">Schedule (cron)</Label>
        <Input
          id="job-schedule"
          value={values.schedule}
          onChange={(e) => set({ schedule: e.target.value })}
          placeholder="0 2 * * *"
          spellCheck={false}
          autoComplete="off"
          className="font-mono"
          aria-invalid={!!invalid || !!saveError}
          aria-describedby="job-schedule-preview"
        />
        <div className="flex flex-wrap gap-2" role="group" aria-label="Schedule presets">
          {SCHEDULE_PRESETS.map((p) => (
            <Button
              key={p.cron}
              type="button"
              size="sm"
              variant={normalized === p.cron ? "secondary" : "outline"}
              aria-pressed={normalized === p.cron}
              onClick={() => set({ schedule: p.cron })}
            >
              {p.label}
            </Button>
          ))}
          <Button type="button" size="sm" variant={normalized === "" ? "secondary" : "outline"} aria-pressed={normalized === ""} onClick={() => set({ schedule: "" })}>
            Manual only
          </Button>
        </div>
        <p className="text-muted-foreground text-xs">
          Five fields: minute, hour, day of month, month, day of week (add a sixth, seconds, in front if you need it).
        </p>
      </div>

      <div
        id="job-schedule-preview"
        data-testid="schedule-preview"
        aria-live="polite"
        className={cn("grid gap-3 rounded-lg border p-4 text-sm", invalid ? "border-destructive/40 bg-destructive/5" : "bg-muted/40")}
      >
        {failed ? (
          <p className="text-destructive flex items-center gap-2">
            <CircleAlert className="size-4 shrink-0" /> Could not check the schedule: {failed}
          </p>
        ) : !preview ? (
          <p className="text-muted-foreground flex items-center gap-2">
            <Loader2 className="size-4 animate-spin" /> Reading the schedule…
          </p>
        ) : !preview.ok ? (
          <p className={cn("text-destructive flex items-start gap-2", pending && "opacity-60")} data-testid="schedule-error">
            <CircleAlert className="mt-0.5 size-4 shrink-0" />
            <span>
              <span className="font-medium">Invalid schedule:</span> {preview.error}
            </span>
          </p>
        ) : preview.manual ? (
          <p className={cn("flex items-center gap-2", pending && "opacity-60")}>
            <Hand className="text-muted-foreground size-4 shrink-0" />
            <span>
              <span className="font-medium">Manual only.</span> <span className="text-muted-foreground">Runs when someone clicks Run now, or through the API.</span>
            </span>
          </p>
        ) : (
          <div className={cn("grid gap-3", pending && "opacity-60")}>
            <p className="flex items-center gap-2">
              <CalendarClock className="text-muted-foreground size-4 shrink-0" />
              <span className="font-medium" data-testid="schedule-text">
                {preview.text}
              </span>
              <span className="text-muted-foreground">({preview.timeZone})</span>
            </p>
            <div>
              <p className="text-muted-foreground mb-1 text-xs font-medium tracking-wide uppercase">Next runs</p>
              <ol className="grid gap-0.5 font-mono text-xs tabular-nums" data-testid="schedule-next-runs">
                {preview.next.map((iso) => (
                  <li key={iso}>
                    <time dateTime={iso}>{runFormat(preview.timeZone).format(new Date(iso))}</time>
                  </li>
                ))}
              </ol>
            </div>
            {preview.warning ? (
              <p className="text-muted-foreground flex items-start gap-2 text-xs">
                <AlertTriangle className="text-warning mt-0.5 size-3.5 shrink-0" /> {preview.warning}
              </p>
            ) : null}
          </div>
        )}
      </div>
      {saveError ? (
        <p id="job-schedule-error" role="alert" className="text-destructive text-sm">
          {saveError}
        </p>
      ) : null}
    </FormSection>
  );
}
