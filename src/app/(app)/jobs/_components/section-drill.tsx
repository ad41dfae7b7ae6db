"use client";
import { Plus, Trash2 } from "lucide-react";
import { FormField } from "@/components/forms/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { ChoiceRadio } from "./choice-radio";
import { FormSection } from "./form-section";
import type { DrillFormValues, FieldErrorOf, JobFormChoices, JobFormValues, SetValues } from "./form-values";

type NumberKey = "timeBudgetMinutes" | "countTolerancePercent" | "sizeDropPercent" | "rowDropPercent" | "rpoTolerancePercent";

const ERROR_PATH: Record<NumberKey, string> = {
  timeBudgetMinutes: "drill.timeBudgetMinutes",
  countTolerancePercent: "drill.countTolerancePercent",
  sizeDropPercent: "drill.drift.sizeDropPercent",
  rowDropPercent: "drill.drift.rowDropPercent",
  rpoTolerancePercent: "drill.rpoTolerancePercent",
};

/** Where each engine puts the scratch database, said where the scratch target is picked. */
const TARGET_HINT: Record<string, string> = {
  postgres: "A PostgreSQL source whose login may create and drop databases (CREATEDB): drills restore into bunker_drill_<random> and drop it.",
  mysql: "A MySQL/MariaDB source whose login may create and drop databases: drills restore into bunker_drill_<random> and drop it.",
  sqlite: "An SQLite source: drills restore into bunker_drill_<random>.db in the same folder as its file and delete it afterwards.",
  redis: "A Redis reserved for drills: each drill restores into its highest empty database index and empties it afterwards (FLUSHDB).",
};

const SCHEDULES: { mode: DrillFormValues["scheduleMode"]; title: string; description: string }[] = [
  { mode: "after-backup", title: "After every backup", description: "Each successful run is restored and checked." },
  { mode: "cron", title: "Own schedule", description: "A cron of its own, e.g. weekly." },
  { mode: "manual", title: "Manual only", description: "Run drill now, from the job page." },
];

/** Restore drills (a scratch restore, count comparison, SQL checks), drift thresholds and the RPO tolerance. */
export function DrillSection({ values, set, err, choices }: { values: JobFormValues; set: SetValues; err: FieldErrorOf; choices: JobFormChoices }) {
  const d = values.drill;
  const patch = (p: Partial<DrillFormValues>) => set({ drill: { ...d, ...p } });
  const source = choices.sources.find((s) => s.id === values.sourceId);
  const targets = choices.sources.filter((s) => !source || s.adapterId === source.adapterId);
  // Redis has no query language: its drills compare the key count only.
  const sqlChecks = source?.adapterId !== "redis";
  const number = (key: NumberKey, label: string, opts: { min: number; max: number; hint: string }) => (
    <FormField id={`drill-${key}`} label={label} error={err(ERROR_PATH[key])} hint={opts.hint}>
      <Input
        id={`drill-${key}`}
        type="number"
        inputMode="numeric"
        min={opts.min}
        max={opts.max}
        required
        value={d[key]}
        onChange={(e) => patch({ [key]: e.target.value })}
        aria-invalid={!!err(ERROR_PATH[key])}
      />
    </FormField>
  );
  const setCheck = (i: number, p: Partial<DrillFormValues["checks"][number]>) => patch({ checks: d.checks.map((c, j) => (j === i ? { ...c, ...p } : c)) });

  return (
    <FormSection
      id="drills"
      step={8}
      title="Restore drills and objectives"
      description="A drill restores the latest backup into a scratch database (bunker_drill_…), compares the row counts with those recorded at backup time, runs your checks, measures the restore time and drops the scratch database."
    >
      <div className="flex items-center gap-3">
        <Switch id="drill-enabled" checked={d.enabled} onCheckedChange={(on) => patch({ enabled: on })} />
        <Label htmlFor="drill-enabled">Run restore drills for this job</Label>
      </div>

      {d.enabled ? (
        <>
          <FormField
            id="drill-target"
            label="Scratch target"
            error={err("drill.targetSourceId")}
            hint={(source && TARGET_HINT[source.adapterId]) ?? "A source of the same engine where Bunker may create and drop bunker_drill_<random> databases."}
          >
            <NativeSelect id="drill-target" value={d.targetSourceId} onChange={(e) => patch({ targetSourceId: e.target.value })} aria-invalid={!!err("drill.targetSourceId")}>
              <option value="">Pick a source…</option>
              {targets.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.typeLabel})
                </option>
              ))}
            </NativeSelect>
          </FormField>

          <fieldset className="grid gap-3">
            <legend className="mb-2 text-sm font-medium">When</legend>
            <div className="grid gap-3 sm:grid-cols-3">
              {SCHEDULES.map((m) => (
                <ChoiceRadio
                  key={m.mode}
                  id={`drill-schedule-${m.mode}`}
                  name="drillSchedule"
                  checked={d.scheduleMode === m.mode}
                  onSelect={() => patch({ scheduleMode: m.mode })}
                  title={m.title}
                  description={m.description}
                />
              ))}
            </div>
            {d.scheduleMode === "cron" ? (
              <div className="max-w-xs">
                <FormField id="drill-cron" label="Drill schedule (cron)" error={err("drill.schedule")} hint={`In ${choices.timeZone}.`}>
                  <Input id="drill-cron" value={d.cron} onChange={(e) => patch({ cron: e.target.value })} className="font-mono" aria-invalid={!!err("drill.schedule")} />
                </FormField>
              </div>
            ) : null}
          </fieldset>

          <div className="grid gap-4 sm:grid-cols-2">
            {number("timeBudgetMinutes", "Time budget (minutes)", { min: 1, max: 1440, hint: "A drill that takes longer fails (its scratch database is still dropped)." })}
            {number("countTolerancePercent", "Row count tolerance (%)", { min: 0, max: 100, hint: "Counts are taken just before the dump: allow a little for busy tables. 0 = exact." })}
          </div>

          {sqlChecks ? (
          <fieldset className="grid gap-3">
            <legend className="mb-2 text-sm font-medium">SQL checks</legend>
            {d.checks.length === 0 ? <p className="text-muted-foreground text-sm">No checks: the drill compares the row counts only.</p> : null}
            {d.checks.map((c, i) => (
              <div key={i} className="grid gap-3 rounded-lg border p-3" data-testid="drill-check">
                <div className="grid gap-3 sm:grid-cols-[1fr_13rem_auto]">
                  <FormField id={`drill-check-${i}-name`} label="Name" error={err(`drill.checks.${i}.name`)}>
                    <Input id={`drill-check-${i}-name`} value={c.name} onChange={(e) => setCheck(i, { name: e.target.value })} placeholder="Recent orders" />
                  </FormField>
                  <FormField id={`drill-check-${i}-exp`} label="Expectation" error={err(`drill.checks.${i}.expectation`)}>
                    <Input id={`drill-check-${i}-exp`} value={c.expectation} onChange={(e) => setCheck(i, { expectation: e.target.value })} placeholder="> 0" className="font-mono" aria-invalid={!!err(`drill.checks.${i}.expectation`)} />
                  </FormField>
                  <Button type="button" variant="ghost" size="icon" className="self-end" aria-label={`Remove check ${c.name || i + 1}`} onClick={() => patch({ checks: d.checks.filter((_, j) => j !== i) })}>
                    <Trash2 />
                  </Button>
                </div>
                <FormField id={`drill-check-${i}-sql`} label="Query (the first column of the first row is compared)" error={err(`drill.checks.${i}.sql`)}>
                  <Textarea id={`drill-check-${i}-sql`} value={c.sql} onChange={(e) => setCheck(i, { sql: e.target.value })} rows={2} className="font-mono text-xs" placeholder="SELECT count(*) FROM orders WHERE created_at > now() - interval '1 day'" />
                </FormField>
                {values.databaseMode === "pick" && values.databaseNames.length > 1 ? (
                  <FormField id={`drill-check-${i}-db`} label="Database" hint="Empty: the first database of the backup.">
                    <NativeSelect id={`drill-check-${i}-db`} value={c.database} onChange={(e) => setCheck(i, { database: e.target.value })}>
                      <option value="">First database</option>
                      {values.databaseNames.map((n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </NativeSelect>
                  </FormField>
                ) : null}
              </div>
            ))}
            <div>
              <Button type="button" variant="outline" size="sm" onClick={() => patch({ checks: [...d.checks, { name: "", sql: "", expectation: "> 0", database: "" }] })} disabled={d.checks.length >= 20}>
                <Plus /> Add a check
              </Button>
            </div>
            <p className="text-muted-foreground text-xs">
              One reading query per check (SELECT, WITH, VALUES or TABLE; no &apos;;&apos; inside), run read-only. Expectations: &gt; 0, &gt;= 10, = 5, != 0, between 1 and 10, = &apos;text&apos;, is null, is not null.
            </p>
          </fieldset>
          ) : (
            <div className="grid gap-2 text-sm">
              <p className="text-muted-foreground">Redis has no query language: its drills compare the number of keys restored with the number recorded at backup time.</p>
              {d.checks.length ? (
                <p role="alert" className="text-destructive">
                  This job still has {d.checks.length} SQL {d.checks.length === 1 ? "check" : "checks"} from before.{" "}
                  <Button type="button" variant="link" size="sm" className="h-auto p-0" onClick={() => patch({ checks: [] })}>
                    Remove {d.checks.length === 1 ? "it" : "them"}
                  </Button>
                </p>
              ) : null}
            </div>
          )}
        </>
      ) : null}

      <div className="grid gap-4 sm:grid-cols-3">
        {number("sizeDropPercent", "Drift: size drop (%)", { min: 0, max: 100, hint: "Warn when a backup is this much smaller than the previous one. 0 = off." })}
        {number("rowDropPercent", "Drift: rows lost per table (%)", { min: 0, max: 100, hint: "Warn when a table loses more than this. 0 = off." })}
        {number("rpoTolerancePercent", "RPO tolerance (%)", { min: 0, max: 1000, hint: "RPO = the schedule's longest interval plus this much." })}
      </div>
    </FormSection>
  );
}
