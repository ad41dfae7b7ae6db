"use client";
import Link from "next/link";
import { HealthBadge } from "@/components/adapters/health-badge";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";
import { FormSection } from "./form-section";
import type { FieldErrorOf, JobFormChoices, JobFormValues, SetValues } from "./form-values";

export function DestinationsSection({ values, set, err, choices }: { values: JobFormValues; set: SetValues; err: FieldErrorOf; choices: JobFormChoices }) {
  const error = err("destinationIds");
  const toggle = (id: string, on: boolean) =>
    set({ destinationIds: on ? [...values.destinationIds.filter((d) => d !== id), id] : values.destinationIds.filter((d) => d !== id) });
  const count = values.destinationIds.length;

  return (
    <FormSection
      id="where"
      step={3}
      title="Where"
      description="Each backup is streamed to every destination you tick, in one pass. If one fails, the others still finish and the run is Partial."
    >
      <fieldset className="grid gap-2" aria-describedby={error ? "job-destinations-error" : "job-destinations-hint"}>
        <legend className="mb-2 text-sm font-medium">Destinations</legend>
        {choices.destinations.length === 0 ? (
          <p className="text-muted-foreground rounded-lg border border-dashed p-4 text-sm">
            There is no destination yet.{" "}
            <Link href="/destinations" className="text-primary font-medium underline-offset-4 hover:underline">
              Add a folder, an S3 bucket or an SFTP server
            </Link>{" "}
            first.
          </p>
        ) : (
          <ul className="grid gap-2">
            {choices.destinations.map((d) => {
              const checked = values.destinationIds.includes(d.id);
              return (
                <li
                  key={d.id}
                  className={cn("hover:bg-accent/40 relative flex items-center gap-3 rounded-lg border p-3 transition-colors", checked && "border-primary bg-primary/5")}
                >
                  <Checkbox id={`dest-${d.id}`} className="relative z-10" checked={checked} onCheckedChange={(c) => toggle(d.id, c === true)} aria-invalid={!!error} />
                  <Label htmlFor={`dest-${d.id}`} className="min-w-0 cursor-pointer truncate after:absolute after:inset-0">
                    {d.name}
                  </Label>
                  <span className="text-muted-foreground truncate text-xs">{d.typeLabel}</span>
                  <span className="ml-auto">
                    <HealthBadge status={d.healthStatus} />
                  </span>
                </li>
              );
            })}
          </ul>
        )}
        {error ? (
          <p id="job-destinations-error" role="alert" className="text-destructive text-sm">
            {error}
          </p>
        ) : (
          <p id="job-destinations-hint" className="text-muted-foreground text-sm">
            {count === 0 ? "Pick at least one." : count === 1 ? "1 destination. Two in different places make a 3-2-1 setup." : `${count} destinations.`}
          </p>
        )}
      </fieldset>
    </FormSection>
  );
}
