import type { ReactNode } from "react";
import { Label } from "@/components/ui/label";

/** Label, control and the field's error, wired with ids so screen readers announce the error. */
export function FormField(props: { id: string; label: string; error?: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="grid gap-2">
      <Label htmlFor={props.id}>{props.label}</Label>
      {props.children}
      {props.error ? (
        <p id={`${props.id}-error`} role="alert" className="text-destructive text-sm">
          {props.error}
        </p>
      ) : props.hint ? (
        <p className="text-muted-foreground text-sm">{props.hint}</p>
      ) : null}
    </div>
  );
}
