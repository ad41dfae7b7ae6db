"use client";
import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import type { ScheduleDescription } from "@/lib/scheduler/cron";
import { createJobAction, updateJobAction } from "../actions";
import { type EditableJob, type FieldErrorOf, initialValues, type JobFormChoices, type JobFormValues, type SetValues, toJobInput } from "./form-values";
import { AdvancedSection } from "./section-advanced";
import { BasicsSection } from "./section-basics";
import { DestinationsSection } from "./section-destinations";
import { DrillSection } from "./section-drill";
import { HowSection } from "./section-how";
import { NotificationsSection } from "./section-notifications";
import { RetentionSection } from "./section-retention";
import { ScheduleSection } from "./section-schedule";
import { SourceSection } from "./section-source";

/** Which error keys (ZJobFields paths) a form value feeds. */
const ERROR_KEYS: Record<keyof JobFormValues, string[]> = {
  name: ["name"],
  description: ["description"],
  enabled: ["enabled"],
  sourceId: ["sourceId", "databases"],
  databaseMode: ["databases"],
  databaseNames: ["databases"],
  destinationIds: ["destinationIds"],
  compression: ["compression", "compressionLevel"],
  compressionLevel: ["compressionLevel"],
  encryptionProfileId: ["encryptionProfileId"],
  schedule: ["schedule"],
  retentionMode: ["retention"],
  keep: ["retention.keep"],
  days: ["retention.days"],
  daily: ["retention.daily"],
  weekly: ["retention.weekly"],
  monthly: ["retention.monthly"],
  yearly: ["retention.yearly"],
  timeoutMinutes: ["timeoutSeconds"],
  notifiers: ["notifiers"],
  drill: ["drill"],
};

type Props = {
  choices: JobFormChoices;
  /** Absent for a new job */
  job?: EditableJob;
  /** The server's reading of the initial schedule, so the preview shows at once */
  initialPreview: ScheduleDescription | null;
};

/** The whole job, section by section; saving goes back to the list. */
export function JobForm({ choices, job, initialPreview }: Props) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<JobFormValues>(() => initialValues(choices, job));
  const create = useServerAction(createJobAction);
  const update = useServerAction(updateJobAction);
  const save = job ? update : create;

  // Errors of a refused save fade field by field as those fields are edited.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const isEdited = (key: string) => [...edited].some((e) => key === e || key.startsWith(`${e}.`));
  const set: SetValues = (patch) => {
    setValues((v) => ({ ...v, ...patch }));
    if (save.error?.fieldErrors) {
      const keys = (Object.keys(patch) as (keyof JobFormValues)[]).flatMap((k) => ERROR_KEYS[k]);
      if (keys.length) setEdited((prev) => new Set([...prev, ...keys]));
    }
  };
  const err: FieldErrorOf = (...fields) => {
    const fe = save.error?.fieldErrors;
    if (!fe) return undefined;
    for (const f of fields) {
      for (const [key, messages] of Object.entries(fe)) if ((key === f || key.startsWith(`${f}.`)) && !isEdited(key)) return messages[0];
    }
    return undefined;
  };
  const fieldErrorKeys = Object.keys(save.error?.fieldErrors ?? {});
  // The server's message names the field by its path ("drill.checks.0.sql: …"), for API clients; here the
  // field shows its own message, so the summary says it in words.
  const firstOpen = fieldErrorKeys.find((k) => !isEdited(k));
  const alert = !save.error || (fieldErrorKeys.length && !firstOpen) ? null : firstOpen ? `Not saved: ${save.error.fieldErrors?.[firstOpen]?.[0] ?? save.error.message}` : save.error.message;

  // After a refused save, bring the first field in error into view and focus it.
  useEffect(() => {
    if (!save.error?.fieldErrors) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]');
    first?.scrollIntoView({ block: "center", behavior: "smooth" });
    if (first?.matches("input, select, textarea, button")) first.focus({ preventScroll: true });
  }, [save.error]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setEdited(new Set());
    const input = toJobInput(values);
    const onSuccess = () => {
      router.push("/jobs");
      router.refresh();
    };
    if (job) update.run({ ...input, id: job.id }, { success: `${values.name.trim()} saved`, onSuccess });
    else create.run(input, { success: `${values.name.trim()} created`, onSuccess });
  };

  return (
    <form ref={formRef} onSubmit={submit} className="grid gap-6">
      <BasicsSection values={values} set={set} err={err} slug={job?.slug} />
      <SourceSection values={values} set={set} err={err} choices={choices} />
      <DestinationsSection values={values} set={set} err={err} choices={choices} />
      <HowSection values={values} set={set} err={err} choices={choices} />
      <ScheduleSection values={values} set={set} err={err} timeZone={choices.timeZone} initialPreview={initialPreview} />
      <RetentionSection values={values} set={set} err={err} />
      <NotificationsSection values={values} set={set} err={err} choices={choices} />
      <DrillSection values={values} set={set} err={err} choices={choices} />
      <AdvancedSection values={values} set={set} err={err} defaultTimeoutMinutes={choices.defaultTimeoutMinutes} />

      <div className="bg-background/85 supports-[backdrop-filter]:bg-background/70 sticky bottom-0 z-20 -mx-1 grid gap-3 border-t px-1 py-4 backdrop-blur">
        <FormAlert message={alert} />
        <div className="flex items-center justify-end gap-2">
          <Button type="button" variant="ghost" onClick={() => router.push("/jobs")}>
            Cancel
          </Button>
          <Button type="submit" disabled={save.pending}>
            {save.pending ? <Loader2 className="animate-spin" /> : null}
            {save.pending ? "Saving…" : job ? "Save changes" : "Create job"}
          </Button>
        </div>
      </div>
    </form>
  );
}
