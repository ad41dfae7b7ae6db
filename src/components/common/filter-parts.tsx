import Link from "next/link";
import type * as React from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { cn } from "@/lib/utils";

/**
 * A filter bar as a plain GET form: every field's name is a search param, so a filtered view lives in the
 * URL (it can be bookmarked and shared) and Reset is the bare page.
 */
export function FilterForm({ action, label, invalid, actionsClassName, children }: {
  action: string;
  label: string;
  invalid: boolean;
  actionsClassName: string;
  children: React.ReactNode;
}) {
  return (
    <form method="get" action={action} className="bg-card grid gap-3 rounded-xl border p-4 sm:grid-cols-2 lg:grid-cols-6" aria-label={label}>
      {children}
      <FilterActions resetHref={action} invalid={invalid} className={actionsClassName} />
    </form>
  );
}

type FieldProps = { id: string; name: string; label: string; value: string | undefined; className?: string };

function Field({ id, label, className, children }: { id: string; label: string; className?: string; children: React.ReactNode }) {
  return (
    <div className={cn("grid gap-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  );
}

export type FilterOption = string | { value: string; label: string };

/** Rows picked by id and shown by name (jobs, destinations) as select options. */
export const namedOptions = (rows: { id: string; name: string }[]): FilterOption[] => rows.map((r) => ({ value: r.id, label: r.name }));

/** A select filter: `anyLabel` is the empty choice (no filter); a plain string option is its own label. */
export function FilterSelect({ id, name, label, value, className, anyLabel, options }: FieldProps & { anyLabel: string; options: readonly FilterOption[] }) {
  return (
    <Field id={id} label={label} className={className}>
      <NativeSelect id={id} name={name} defaultValue={value ?? ""}>
        <option value="">{anyLabel}</option>
        {options.map((o) => {
          const { value: v, label: l } = typeof o === "string" ? { value: o, label: o } : o;
          return <option key={v} value={v}>{l}</option>;
        })}
      </NativeSelect>
    </Field>
  );
}

export function FilterInput({ id, name, label, value, className, ...input }: FieldProps & Pick<React.ComponentProps<"input">, "type" | "placeholder">) {
  return (
    <Field id={id} label={label} className={className}>
      <Input id={id} name={name} {...input} defaultValue={value ?? ""} />
    </Field>
  );
}

/** From/To day pickers for GET filter forms ("to" is inclusive on the server side). */
export function DateRangeFields({ from, to }: { from?: string; to?: string }) {
  return (
    <>
      <FilterInput id="f-from" name="from" label="From" type="date" value={from} />
      <FilterInput id="f-to" name="to" label="To" type="date" value={to} />
    </>
  );
}

/** The footer of a GET filter form: why filters were ignored, Reset (the bare page) and Apply. */
export function FilterActions({ resetHref, invalid, className }: { resetHref: string; invalid: boolean; className: string }) {
  return (
    <div className={`flex items-end justify-between gap-2 ${className}`}>
      <p className="text-destructive text-sm">{invalid ? "Some filters were invalid and were ignored." : ""}</p>
      <div className="flex gap-2">
        <Button variant="ghost" asChild><Link href={resetHref}>Reset</Link></Button>
        <Button type="submit">Apply filters</Button>
      </div>
    </div>
  );
}
