"use client";
import { FormField } from "@/components/forms/form-field";
import { Input } from "@/components/ui/input";
import { ChoiceRadio } from "./choice-radio";
import { FormSection } from "./form-section";
import type { FieldErrorOf, JobFormValues, RetentionMode, SetValues } from "./form-values";

type NumberKey = "keep" | "days" | "daily" | "weekly" | "monthly" | "yearly";

const MODES: { mode: RetentionMode; title: string; description: string }[] = [
  { mode: "count", title: "Keep the last N", description: "The newest backups, whatever their age." },
  { mode: "days", title: "Keep N days", description: "Everything younger than a number of days." },
  { mode: "gfs", title: "Grandfather-father-son", description: "The last backup of each day, week, month and year, up to a count of each." },
];

export function RetentionSection({ values, set, err }: { values: JobFormValues; set: SetValues; err: FieldErrorOf }) {
  const number = (key: NumberKey, label: string, opts: { min: number; max: number; hint?: string }) => (
    <FormField id={`ret-${key}`} label={label} error={err(`retention.${key}`)} hint={opts.hint}>
      <Input
        id={`ret-${key}`}
        type="number"
        inputMode="numeric"
        min={opts.min}
        max={opts.max}
        required
        value={values[key]}
        onChange={(e) => set({ [key]: e.target.value })}
        aria-invalid={!!err(`retention.${key}`)}
      />
    </FormField>
  );

  return (
    <FormSection
      id="keep"
      step={6}
      title="Keep"
      description="Older backups are deleted after each successful run. A failed run never deletes anything."
    >
      <fieldset className="grid gap-3">
        <legend className="sr-only">Retention policy</legend>
        <div className="grid gap-3 sm:grid-cols-3">
          {MODES.map((m) => (
            <ChoiceRadio
              key={m.mode}
              id={`ret-mode-${m.mode}`}
              name="retentionMode"
              checked={values.retentionMode === m.mode}
              onSelect={() => set({ retentionMode: m.mode })}
              title={m.title}
              description={m.description}
            />
          ))}
        </div>
      </fieldset>
      {values.retentionMode === "count" ? (
        <div className="max-w-48">{number("keep", "Backups to keep", { min: 1, max: 10_000 })}</div>
      ) : values.retentionMode === "days" ? (
        <div className="max-w-48">{number("days", "Days to keep", { min: 1, max: 36_500 })}</div>
      ) : (
        <div className="grid gap-2">
          <div className="grid items-start gap-4 sm:grid-cols-4">
            {number("daily", "Daily", { min: 0, max: 3650 })}
            {number("weekly", "Weekly", { min: 0, max: 520 })}
            {number("monthly", "Monthly", { min: 0, max: 1200 })}
            {number("yearly", "Yearly", { min: 0, max: 100 })}
          </div>
          <p className="text-muted-foreground text-sm">
            How many days, weeks, months and years keep their last backup. 7 · 4 · 12 · 2 covers two years with 25 backups.
          </p>
        </div>
      )}
      {err("retention") && !["keep", "days", "daily", "weekly", "monthly", "yearly"].some((k) => err(`retention.${k}`)) ? (
        <p role="alert" className="text-destructive text-sm">
          {err("retention")}
        </p>
      ) : null}
    </FormSection>
  );
}
