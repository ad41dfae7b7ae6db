"use client";
import { FormField } from "@/components/forms/form-field";
import { Input } from "@/components/ui/input";
import { FormSection } from "./form-section";
import type { FieldErrorOf, JobFormValues, SetValues } from "./form-values";

export function AdvancedSection({ values, set, err, defaultTimeoutMinutes }: { values: JobFormValues; set: SetValues; err: FieldErrorOf; defaultTimeoutMinutes: number }) {
  return (
    <FormSection id="advanced" step={9} title="Advanced" description="Limits for runs of this job.">
      <div className="max-w-xs">
        <FormField
          id="job-timeout"
          label="Time limit (minutes)"
          error={err("timeoutSeconds")}
          hint={`A run that takes longer is cancelled and fails. Empty uses the instance default, ${defaultTimeoutMinutes} minutes.`}
        >
          <Input
            id="job-timeout"
            type="number"
            inputMode="numeric"
            min={1}
            max={7 * 24 * 60}
            value={values.timeoutMinutes}
            placeholder={String(defaultTimeoutMinutes)}
            onChange={(e) => set({ timeoutMinutes: e.target.value })}
            aria-invalid={!!err("timeoutSeconds")}
          />
        </FormField>
      </div>
    </FormSection>
  );
}
