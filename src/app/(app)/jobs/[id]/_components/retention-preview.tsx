"use client";
import { Eye, Loader2 } from "lucide-react";
import { useState } from "react";
import { useServerAction } from "@/components/forms/use-server-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDateTime } from "@/lib/format";
import type { Retention } from "@/server/services/jobs/jobs.schema";
import type { JobRetentionPreview } from "@/server/services/retention/preview-job-retention";
import { previewRetentionAction } from "../actions";

const num = (id: string): number => {
  const el = document.getElementById(id);
  return el instanceof HTMLInputElement && el.value.trim() !== "" ? Number(el.value) : Number.NaN;
};

/**
 * The policy currently in the job form (its "Keep" section renders these ids), unsaved. Null when the
 * form is not on the page: the saved policy is previewed instead.
 */
const formRetention = (): Retention | null => {
  const checked = (mode: string) => (document.getElementById(`ret-mode-${mode}`) as HTMLInputElement | null)?.checked === true;
  if (checked("count")) return { mode: "count", keep: num("ret-keep") };
  if (checked("days")) return { mode: "days", days: num("ret-days") };
  if (checked("gfs")) return { mode: "gfs", daily: num("ret-daily"), weekly: num("ret-weekly"), monthly: num("ret-monthly"), yearly: num("ret-yearly") };
  return null;
};

const describePolicy = (p: Retention): string =>
  p.mode === "count" ? `keep the last ${p.keep}` : p.mode === "days" ? `keep ${p.days} days` : `keep daily ${p.daily}, weekly ${p.weekly}, monthly ${p.monthly}, yearly ${p.yearly}`;

/** "What this policy keeps": the plan the next successful run's retention would carry out, per database and destination. */
export function RetentionPreview({ jobId }: { jobId: string }) {
  const action = useServerAction(previewRetentionAction);
  const [preview, setPreview] = useState<JobRetentionPreview | null>(null);

  const run = () => {
    const retention = formRetention();
    action.run(retention ? { id: jobId, retention } : { id: jobId }, { onSuccess: setPreview });
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>What this policy keeps</CardTitle>
        <CardDescription>
          Applies the Keep settings above (saved or not) to this job&apos;s existing backups. Nothing is deleted here: the next successful run does it.
        </CardDescription>
        <CardAction>
          <Button type="button" variant="outline" onClick={run} disabled={action.pending}>
            {action.pending ? <Loader2 className="animate-spin" /> : <Eye />} Preview
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-4">
        {action.error ? (
          <p role="alert" className="text-destructive text-sm">
            {action.error.message}
          </p>
        ) : null}
        {preview === null ? (
          <p className="text-muted-foreground text-sm">Click Preview to see which backups the policy keeps.</p>
        ) : preview.groups.length === 0 ? (
          <p className="text-muted-foreground text-sm">This job has no backups yet ({describePolicy(preview.policy)}).</p>
        ) : (
          <>
            <p className="text-muted-foreground text-sm">
              Policy: {describePolicy(preview.policy)} · dates in {preview.timeZone}
            </p>
            {preview.groups.map((g) => (
              <section key={`${g.databaseName}\u0000${g.destinationId}`} className="grid gap-2" aria-label={`${g.databaseName} on ${g.destinationName}`}>
                <h3 className="text-sm font-medium">
                  {g.databaseName} <span className="text-muted-foreground font-normal">on {g.destinationName}</span> ·{" "}
                  <span>{g.keep} kept</span>, <span className={g.delete > 0 ? "text-destructive" : undefined}>{g.delete} deleted</span>
                </h3>
                <ul className="grid gap-1 text-sm">
                  {g.decisions.map((d) => (
                    <li key={d.id} className="flex flex-wrap items-center gap-2">
                      <Badge variant={d.keep ? "secondary" : "destructive"}>{d.keep ? "keep" : "delete"}</Badge>
                      <time dateTime={d.createdAt}>{formatDateTime(d.createdAt, preview.timeZone)}</time>
                      <span className="text-muted-foreground" title={d.key}>
                        {d.reasons.join(", ")}
                      </span>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </>
        )}
      </CardContent>
    </Card>
  );
}
