"use client";
import { CheckCircle2, Loader2, PlugZap, Send, XCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import type { ConnectionTest } from "@/adapters/types";
import type { FieldDescriptor, FormActions } from "./types";

type Value = string | boolean;

type Props = {
  kind: "source" | "destination" | "notifier";
  adapterId: string;
  typeLabel: string;
  fields: FieldDescriptor[];
  basePath: string;
  actions: FormActions;
  existing?: { id: string; name: string; values: Record<string, unknown>; secretsSet: string[] };
};

const COPY = {
  source: { description: "Use an account that can read every database you back up.", namePlaceholder: "production-db", test: "Test connection", testOk: "Connection works", testFailed: "Connection failed" },
  destination: { description: "Bunker writes, lists, reads and deletes backups here.", namePlaceholder: "offsite-s3", test: "Test connection", testOk: "Connection works", testFailed: "Connection failed" },
  notifier: { description: "Messages never contain a secret; failed deliveries are retried.", namePlaceholder: "ops-email", test: "Send test", testOk: "Test sent", testFailed: "Sending failed" },
} as const;

const initialValue = (f: FieldDescriptor, values: Record<string, unknown> | undefined): Value => {
  const v = values?.[f.name];
  if (f.type === "boolean") return typeof v === "boolean" ? v : f.defaultValue === true;
  if (v !== undefined && v !== null && !f.secret) return String(v);
  return f.defaultValue !== undefined && !f.secret ? String(f.defaultValue) : "";
};

/** Form values → the config object the schema expects: numbers as numbers, empty optional fields left out. */
const toConfig = (fields: FieldDescriptor[], values: Record<string, Value>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === "boolean") out[f.name] = v === true;
    else if (typeof v === "string" && v.trim() !== "") out[f.name] = f.type === "number" ? Number(v) : f.secret || f.multiline ? v : v.trim();
  }
  return out;
};

export function AdapterForm({ kind, adapterId, typeLabel, fields, basePath, actions, existing }: Props) {
  const router = useRouter();
  const [name, setName] = useState(existing?.name ?? "");
  const [values, setValues] = useState<Record<string, Value>>(() => Object.fromEntries(fields.map((f) => [f.name, initialValue(f, existing?.values)])));
  const [cleared, setCleared] = useState<string[]>([]);
  const [testResult, setTestResult] = useState<ConnectionTest | null>(null);
  const [testing, startTest] = useTransition();
  const create = useServerAction(actions.create);
  const update = useServerAction(actions.update);
  const save = existing ? update : create;
  const [testError, setTestError] = useState<string | null>(null);

  const set = (n: string, v: Value) => setValues((prev) => ({ ...prev, [n]: v }));
  const err = (n: string) => save.fieldError(`config.${n}`);
  const config = () => toConfig(fields, values);

  const runTest = () =>
    startTest(async () => {
      setTestResult(null);
      setTestError(null);
      const r = await actions.test({ id: existing?.id, name, adapterId, config: config(), clearSecrets: cleared });
      if (r.ok) setTestResult(r.data);
      else setTestError(r.message);
    });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const onSuccess = () => {
      router.push(basePath);
      router.refresh();
    };
    if (existing) update.run({ id: existing.id, name, config: config(), clearSecrets: cleared }, { success: `${name} saved`, onSuccess });
    else create.run({ adapterId, name, config: config() }, { success: `${name} added`, onSuccess });
  };

  const renderField = (f: FieldDescriptor) => {
    const id = `cfg-${f.name}`;
    const v = values[f.name];
    const stored = existing?.secretsSet.includes(f.name) && !cleared.includes(f.name);
    const hint = f.secret && stored ? (
      <span>
        Stored and hidden. Leave empty to keep it, or{" "}
        <button type="button" className="text-primary underline" onClick={() => setCleared((c) => [...c, f.name])}>remove it</button>.
      </span>
    ) : f.description;
    let control: React.ReactNode;
    if (f.type === "boolean") {
      control = <div className="flex h-9 items-center"><Switch id={id} checked={v === true} onCheckedChange={(c) => set(f.name, c)} /></div>;
    } else if (f.type === "enum") {
      control = (
        <NativeSelect id={id} value={String(v)} onChange={(e) => set(f.name, e.target.value)} aria-invalid={!!err(f.name)}>
          {!f.required && f.defaultValue === undefined ? <option value="">(none)</option> : null}
          {f.options?.map((o) => <option key={o} value={o}>{o}</option>)}
        </NativeSelect>
      );
    } else if (f.multiline) {
      control = <Textarea id={id} rows={5} className="font-mono text-xs" value={String(v)} placeholder={stored ? "••••••••" : f.placeholder} onChange={(e) => set(f.name, e.target.value)} aria-invalid={!!err(f.name)} />;
    } else {
      control = (
        <Input
          id={id}
          type={f.secret ? "password" : f.type === "number" ? "number" : "text"}
          autoComplete={f.secret ? "new-password" : "off"}
          value={String(v)}
          placeholder={stored ? "••••••••" : f.placeholder}
          onChange={(e) => set(f.name, e.target.value)}
          aria-invalid={!!err(f.name)}
        />
      );
    }
    return (
      <div key={f.name} className={f.multiline ? "sm:col-span-2" : undefined}>
        <FormField id={id} label={`${f.title}${f.required ? "" : " (optional)"}`} error={err(f.name)} hint={hint}>
          {control}
        </FormField>
      </div>
    );
  };

  const basic = fields.filter((f) => !f.advanced);
  const advanced = fields.filter((f) => f.advanced);

  return (
    <form onSubmit={submit} className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>{typeLabel}</CardTitle>
          <CardDescription>
            Secrets are encrypted at rest and never shown again. {COPY[kind].description}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2"><FormAlert message={save.error && !save.error.fieldErrors ? save.error.message : null} /></div>
          <div className="sm:col-span-2">
            <FormField id="adapter-name" label="Name" error={save.fieldError("name")} hint="How this appears in jobs and notifications.">
              <Input id="adapter-name" value={name} onChange={(e) => setName(e.target.value)} placeholder={COPY[kind].namePlaceholder} required />
            </FormField>
          </div>
          {basic.map(renderField)}
          {advanced.length ? (
            <details className="group sm:col-span-2">
              <summary className="text-muted-foreground cursor-pointer text-sm font-medium">Advanced settings</summary>
              <div className="mt-4 grid gap-4 sm:grid-cols-2">{advanced.map(renderField)}</div>
            </details>
          ) : null}
        </CardContent>
        <CardFooter className="flex flex-wrap items-center justify-between gap-3 pt-6">
          <Button type="button" variant="outline" onClick={runTest} disabled={testing}>
            {testing ? <Loader2 className="animate-spin" /> : kind === "notifier" ? <Send /> : <PlugZap />} {COPY[kind].test}
          </Button>
          <div className="flex gap-2">
            <Button type="button" variant="ghost" onClick={() => router.push(basePath)}>Cancel</Button>
            <Button type="submit" disabled={save.pending}>{save.pending ? "Saving…" : existing ? "Save changes" : `Add ${kind}`}</Button>
          </div>
        </CardFooter>
      </Card>
      {testResult || testError ? (
        <Alert variant={testResult?.ok ? "success" : "destructive"} data-testid="test-result">
          {testResult?.ok ? <CheckCircle2 /> : <XCircle />}
          <AlertTitle>{testResult?.ok ? COPY[kind].testOk : COPY[kind].testFailed}</AlertTitle>
          <AlertDescription>
            {testResult?.ok
              ? [testResult.serverVersion, testResult.details, `${testResult.latencyMs} ms`].filter(Boolean).join(" · ")
              : testResult && !testResult.ok
                ? `${testResult.error} (${testResult.latencyMs} ms)`
                : testError}
          </AlertDescription>
        </Alert>
      ) : null}
    </form>
  );
}
