"use client";
import { Database, Loader2, Plus, RefreshCw } from "lucide-react";
import Link from "next/link";
import { useState, useTransition } from "react";
import { isValidDatabaseName } from "@/adapters/sources/database-name";
import { HealthBadge } from "@/components/adapters/health-badge";
import { FormField } from "@/components/forms/form-field";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { listSourceDatabasesAction } from "../actions";
import { ChoiceRadio } from "./choice-radio";
import { FormSection } from "./form-section";
import type { FieldErrorOf, JobFormChoices, JobFormValues, SetValues } from "./form-values";

type Listing = { sourceId: string; databases: string[] | null; error: string | null };

export function SourceSection({ values, set, err, choices }: { values: JobFormValues; set: SetValues; err: FieldErrorOf; choices: JobFormChoices }) {
  const [listing, setListing] = useState<Listing | null>(null);
  const [loading, startLoading] = useTransition();
  const [typed, setTyped] = useState("");
  const [typedError, setTypedError] = useState<string | null>(null);
  const source = choices.sources.find((s) => s.id === values.sourceId);
  const current = listing?.sourceId === values.sourceId ? listing : null;

  const load = (sourceId = values.sourceId) => {
    if (!sourceId) return;
    startLoading(async () => {
      const r = await listSourceDatabasesAction({ sourceId });
      if (!r.ok) setListing({ sourceId, databases: null, error: r.message });
      else if (r.data.ok) setListing({ sourceId, databases: r.data.databases, error: null });
      else setListing({ sourceId, databases: null, error: r.data.error });
    });
  };

  const toggle = (name: string, on: boolean) =>
    set({ databaseNames: on ? [...values.databaseNames.filter((n) => n !== name), name] : values.databaseNames.filter((n) => n !== name) });

  const addTyped = () => {
    const names = typed.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    if (names.length === 0) return;
    const bad = names.find((n) => !isValidDatabaseName(n));
    if (bad) {
      setTypedError(`"${bad}" is not a valid database name: letters, digits, _ $ . - only.`);
      return;
    }
    setTypedError(null);
    set({ databaseNames: [...values.databaseNames, ...names.filter((n) => !values.databaseNames.includes(n))] });
    setTyped("");
  };

  // Checkboxes: what the server listed, plus picked names it did not list (typed, or from an earlier save).
  const listed = current?.databases ?? [];
  const shown = [...listed, ...values.databaseNames.filter((n) => !listed.includes(n))];
  const dbError = err("databases");

  return (
    <FormSection id="what" step={2} title="What to back up" description="The source server, and all of its databases or only some.">
      {choices.sources.length === 0 ? (
        <p className="text-muted-foreground rounded-lg border border-dashed p-4 text-sm">
          There is no source yet.{" "}
          <Link href="/sources" className="text-primary font-medium underline-offset-4 hover:underline">
            Add the database server to back up
          </Link>{" "}
          first.
        </p>
      ) : null}
      <FormField
        id="job-source"
        label="Source"
        error={err("sourceId")}
        hint={source ? <span className="inline-flex items-center gap-2">{source.typeLabel} <HealthBadge status={source.healthStatus} /></span> : "The server whose databases this job dumps."}
      >
        <NativeSelect
          id="job-source"
          value={values.sourceId}
          onChange={(e) => {
            set({ sourceId: e.target.value, databaseNames: [] });
            if (values.databaseMode === "pick") load(e.target.value);
          }}
          required
          aria-invalid={!!err("sourceId")}
        >
          <option value="" disabled>
            Pick a source…
          </option>
          {choices.sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </NativeSelect>
      </FormField>

      <fieldset className="grid gap-3" aria-describedby={dbError ? "job-databases-error" : undefined}>
        <legend className="mb-2 text-sm font-medium">Databases</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <ChoiceRadio
            id="db-mode-all"
            name="databaseMode"
            checked={values.databaseMode === "all"}
            onSelect={() => set({ databaseMode: "all" })}
            title="All databases"
            description="Every database the account can read, each in its own file. New ones are picked up automatically."
          />
          <ChoiceRadio
            id="db-mode-pick"
            name="databaseMode"
            checked={values.databaseMode === "pick"}
            onSelect={() => {
              set({ databaseMode: "pick" });
              if (!current && values.sourceId) load();
            }}
            title="Pick databases"
            description="Only the databases you tick below."
          />
        </div>

        {values.databaseMode === "pick" ? (
          <div className="grid gap-3 rounded-lg border p-3">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p className="text-muted-foreground text-sm">
                {current?.databases
                  ? `${current.databases.length} ${current.databases.length === 1 ? "database" : "databases"} on ${source?.name ?? "the source"}.`
                  : values.sourceId
                    ? "Load the list from the server, or add names by hand."
                    : "Pick a source first."}
              </p>
              <Button type="button" variant="outline" size="sm" onClick={() => load()} disabled={!values.sourceId || loading}>
                {loading ? <Loader2 className="animate-spin" /> : current ? <RefreshCw /> : <Database />}
                Load databases
              </Button>
            </div>
            {current?.error ? (
              <p role="alert" className="text-destructive text-sm">
                Could not list the databases: {current.error} Type the names below instead.
              </p>
            ) : null}
            {shown.length ? (
              <ul className="grid max-h-72 gap-1 overflow-y-auto sm:grid-cols-2" aria-label="Databases to back up">
                {shown.map((name, i) => (
                  <li key={name} className="hover:bg-accent/40 flex items-center gap-2 rounded-md px-2 py-1.5">
                    <Checkbox id={`db-opt-${i}`} checked={values.databaseNames.includes(name)} onCheckedChange={(c) => toggle(name, c === true)} />
                    <Label htmlFor={`db-opt-${i}`} className="min-w-0 flex-1 cursor-pointer truncate font-mono text-xs font-normal">
                      {name}
                    </Label>
                    {current?.databases && !current.databases.includes(name) ? <span className="text-muted-foreground text-xs">not listed</span> : null}
                  </li>
                ))}
              </ul>
            ) : null}
            <div className="grid gap-2">
              <Label htmlFor="db-add" className="text-muted-foreground text-xs font-normal">
                Add a database
              </Label>
              <div className="flex gap-2">
                <Input
                  id="db-add"
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      addTyped();
                    }
                  }}
                  placeholder="orders, billing"
                  className="font-mono text-sm"
                  aria-invalid={!!typedError}
                  aria-describedby={typedError ? "db-add-error" : undefined}
                />
                <Button type="button" variant="secondary" onClick={addTyped} disabled={!typed.trim()}>
                  <Plus /> Add
                </Button>
              </div>
              {typedError ? (
                <p id="db-add-error" role="alert" className="text-destructive text-sm">
                  {typedError}
                </p>
              ) : null}
            </div>
          </div>
        ) : null}
        {dbError ? (
          <p id="job-databases-error" role="alert" className="text-destructive text-sm">
            {dbError}
          </p>
        ) : null}
      </fieldset>
    </FormSection>
  );
}
