"use client";
import { FormField } from "@/components/forms/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { FormSection } from "./form-section";
import type { FieldErrorOf, JobFormValues, SetValues } from "./form-values";

export function BasicsSection({ values, set, err, slug }: { values: JobFormValues; set: SetValues; err: FieldErrorOf; slug?: string }) {
  return (
    <FormSection id="basics" step={1} title="Basics" description="How this job appears in lists, notifications and backup file names.">
      <FormField
        id="job-name"
        label="Name"
        error={err("name")}
        hint={slug ? <>Backups are stored under <code className="font-mono text-xs">{slug}/</code>: renaming keeps that folder.</> : "Up to 80 characters. The backup folder name is made from it."}
      >
        <Input
          id="job-name"
          value={values.name}
          onChange={(e) => set({ name: e.target.value })}
          placeholder="Nightly orders database"
          maxLength={80}
          required
          autoFocus={!slug}
          aria-invalid={!!err("name")}
          aria-describedby={err("name") ? "job-name-error" : undefined}
        />
      </FormField>
      <FormField id="job-description" label="Description (optional)" error={err("description")}>
        <Textarea
          id="job-description"
          value={values.description}
          onChange={(e) => set({ description: e.target.value })}
          placeholder="What it protects, who to call when it fails…"
          rows={2}
          maxLength={500}
          aria-invalid={!!err("description")}
        />
      </FormField>
      <div className="flex items-start justify-between gap-4 rounded-lg border p-3">
        <div className="grid gap-1">
          <Label htmlFor="job-enabled">Enabled</Label>
          <p id="job-enabled-hint" className="text-muted-foreground text-sm">
            When off, the schedule does not fire. Run now still works.
          </p>
        </div>
        <Switch id="job-enabled" checked={values.enabled} onCheckedChange={(enabled) => set({ enabled })} aria-describedby="job-enabled-hint" />
      </div>
    </FormSection>
  );
}
