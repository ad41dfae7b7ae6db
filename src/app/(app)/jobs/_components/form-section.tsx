import type { ReactNode } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** One card of the job form: a numbered title, one sentence on what it decides, then its fields. */
export function FormSection(props: { id: string; step: number; title: string; description: ReactNode; children: ReactNode }) {
  return (
    <Card id={props.id} aria-labelledby={`${props.id}-title`} role="region" className="scroll-mt-6">
      <CardHeader>
        <CardTitle id={`${props.id}-title`} className="flex items-center gap-2">
          <span aria-hidden className="bg-muted text-muted-foreground flex size-6 items-center justify-center rounded-full text-xs font-semibold tabular-nums">
            {props.step}
          </span>
          {props.title}
        </CardTitle>
        <CardDescription>{props.description}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">{props.children}</CardContent>
    </Card>
  );
}
