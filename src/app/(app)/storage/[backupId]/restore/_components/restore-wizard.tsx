"use client";
/**
 * The restore form: target source (same engine, original first), database name (a new one by
 * default), an overwrite option that needs the name typed again, optional privileged credentials for
 * this restore only, a Check (the preflight checklist) and Start (then the live run page).
 */
import { CheckCircle2Icon, ChevronDownIcon, CircleAlertIcon, ListChecksIcon, PlayIcon, TriangleAlertIcon, XCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { cn } from "@/lib/utils";
import type { RestoreWizardSource } from "@/server/services/restore/get-restore-wizard";
import type { PreflightResult } from "@/server/services/restore/preflight-restore";
import { preflightRestoreAction, startRestoreAction } from "../actions";

const STATUS_ICON = {
  ok: <CheckCircle2Icon className="size-4 text-emerald-600 dark:text-emerald-400" aria-label="ok" />,
  warn: <TriangleAlertIcon className="size-4 text-amber-600 dark:text-amber-400" aria-label="warning" />,
  fail: <XCircleIcon className="text-destructive size-4" aria-label="failed" />,
} as const;

function Checklist({ result }: { result: PreflightResult }) {
  return (
    <div className="grid gap-2" data-testid="restore-checklist" data-ok={result.ok ? "true" : "false"}>
      <p className={cn("text-sm font-medium", result.ok ? "text-emerald-700 dark:text-emerald-400" : "text-destructive")}>
        {result.ok ? "Ready to restore" : "The restore would be refused:"}
      </p>
      <ul className="divide-y rounded-lg border">
        {result.items.map((i, n) => (
          <li key={`${i.id}-${n}`} className="flex items-start gap-3 px-3 py-2 text-sm" data-testid="restore-check" data-status={i.status}>
            <span className="mt-0.5">{STATUS_ICON[i.status]}</span>
            <span className="w-32 shrink-0 font-medium">{i.label}</span>
            <span className="text-muted-foreground min-w-0 break-words">{i.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function RestoreWizardForm({ backupId, engine, sources }: { backupId: string; engine: string; sources: RestoreWizardSource[] }) {
  const router = useRouter();
  const [sourceId, setSourceId] = useState(sources[0]?.id ?? "");
  const source = sources.find((s) => s.id === sourceId);
  const [database, setDatabase] = useState(sources[0]?.defaultDatabase ?? "");
  const [overwrite, setOverwrite] = useState(false);
  const [confirm, setConfirm] = useState("");
  const [advanced, setAdvanced] = useState(false);
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [checked, setChecked] = useState<PreflightResult | null>(null);
  const check = useServerAction(preflightRestoreAction);
  const start = useServerAction(startRestoreAction);

  const input = () => ({
    backupId,
    targetSourceId: sourceId,
    database: database.trim(),
    overwrite,
    confirm: overwrite ? confirm : undefined,
    credentials: username.trim() ? { username: username.trim(), password: password || undefined } : undefined,
  });
  const changed = () => setChecked(null);

  if (sources.length === 0) {
    return (
      <Card>
        <CardContent className="text-muted-foreground text-sm">No {engine} source exists to restore into: add one under Sources first.</CardContent>
      </Card>
    );
  }
  const isRedis = engine === "redis";
  const confirmMissing = overwrite && confirm !== database.trim();

  return (
    <Card data-testid="restore-wizard">
      <CardHeader>
        <CardTitle>Target</CardTitle>
        <CardDescription>Restoring into a new {isRedis ? "empty database index" : "database"} leaves everything that exists untouched.</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="grid max-w-2xl gap-5"
          onSubmit={(e) => {
            e.preventDefault();
            start.run(input(), { onSuccess: ({ executionId }) => router.push(`/history/${executionId}`) });
          }}
        >
          <FormField id="restore-source" label="Target source" hint={source?.original ? "The source this backup was taken from." : undefined}>
            <NativeSelect
              id="restore-source"
              value={sourceId}
              onChange={(e) => {
                const next = sources.find((s) => s.id === e.target.value);
                setSourceId(e.target.value);
                if (next) setDatabase(next.defaultDatabase);
                changed();
              }}
            >
              {sources.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                  {s.original ? " (original)" : ""}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          <FormField id="restore-database" label={isRedis ? "Database index" : "Database name"} error={start.fieldError("database")} hint={source?.hint ?? "A new name is created; letters, digits, _ $ . - only."}>
            <Input
              id="restore-database"
              value={database}
              onChange={(e) => {
                setDatabase(e.target.value);
                changed();
              }}
              autoComplete="off"
              spellCheck={false}
              className="leading-normal"
            />
          </FormField>

          <div className="grid gap-3 rounded-lg border p-3">
            <div className="flex items-start gap-3">
              <Checkbox
                id="restore-overwrite"
                checked={overwrite}
                onCheckedChange={(v) => {
                  setOverwrite(v === true);
                  setConfirm("");
                  changed();
                }}
              />
              <div className="grid gap-1">
                <Label htmlFor="restore-overwrite">Overwrite an existing database</Label>
                <p className="text-muted-foreground text-sm">
                  {isRedis ? "Keys in the backup replace keys of the same name." : "Its tables are replaced by the backup's."} It is only touched after the backup was verified.
                </p>
              </div>
            </div>
            {overwrite ? (
              <FormField id="restore-confirm" label={`Type ${database.trim() || "the database name"} to confirm`} error={start.fieldError("confirm")}>
                <Input
                  id="restore-confirm"
                  value={confirm}
                  onChange={(e) => {
                    setConfirm(e.target.value);
                    changed();
                  }}
                  autoComplete="off"
                  spellCheck={false}
                  className="leading-normal"
                  aria-invalid={confirmMissing || undefined}
                />
              </FormField>
            ) : null}
          </div>

          <div className="grid gap-3">
            <button type="button" className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 text-sm" onClick={() => setAdvanced((a) => !a)} aria-expanded={advanced}>
              <ChevronDownIcon className={cn("size-4 transition-transform", advanced ? "" : "-rotate-90")} /> Advanced: privileged login
            </button>
            {advanced ? (
              <div className="grid gap-4 rounded-lg border p-3 sm:grid-cols-2">
                <p className="text-muted-foreground text-sm sm:col-span-2">
                  A user with the rights to create or replace the database, used for this restore only instead of the source&apos;s own login. It is never stored or logged.
                </p>
                <FormField id="restore-username" label="User" error={start.fieldError("credentials.username")}>
                  <Input id="restore-username" value={username} onChange={(e) => { setUsername(e.target.value); changed(); }} autoComplete="off" />
                </FormField>
                <FormField id="restore-password" label="Password">
                  <Input id="restore-password" type="password" value={password} onChange={(e) => { setPassword(e.target.value); changed(); }} autoComplete="new-password" />
                </FormField>
              </div>
            ) : null}
          </div>

          {checked ? <Checklist result={checked} /> : null}
          <FormAlert message={check.error?.message ?? start.error?.message} />

          <div className="flex flex-wrap gap-2">
            <Button
              type="button"
              variant="outline"
              disabled={check.pending || !sourceId || !database.trim()}
              onClick={() => check.run(input(), { onSuccess: (r) => setChecked(r) })}
              data-testid="restore-check-button"
            >
              <ListChecksIcon /> {check.pending ? "Checking…" : "Check"}
            </Button>
            <Button type="submit" disabled={start.pending || !sourceId || !database.trim() || confirmMissing || (checked !== null && !checked.ok)} data-testid="restore-start">
              <PlayIcon /> {start.pending ? "Starting…" : "Start restore"}
            </Button>
          </div>
          {checked && !checked.ok ? (
            <p className="text-muted-foreground flex items-center gap-1.5 text-sm">
              <CircleAlertIcon className="size-4" /> Fix the failed checks, then check again.
            </p>
          ) : null}
        </form>
      </CardContent>
    </Card>
  );
}
