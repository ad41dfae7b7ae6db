"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { type ApiError, readProblem, toBase64 } from "./api";
import { ImportSummary, type Summary } from "./import-summary";

export function ImportCard({ canImport }: { canImport: boolean }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState("");
  const [enableJobs, setEnableJobs] = useState(false);
  const [pending, setPending] = useState<"check" | "import" | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);

  const send = async (dryRun: boolean) => {
    if (!file) return setError({ message: "Choose an export file first." });
    setPending(dryRun ? "check" : "import");
    setError(null);
    try {
      const res = await fetch("/api/v1/config/import", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ file: await toBase64(file), ...(passphrase ? { passphrase } : {}), dryRun, enableJobs }),
      });
      if (!res.ok) {
        setSummary(null);
        return setError(await readProblem(res));
      }
      const s = (await res.json()) as Summary;
      setSummary(s);
      if (!dryRun) {
        toast.success(`Import done: ${s.counts.create} created`);
        router.refresh();
      }
    } catch (e) {
      setError({ message: e instanceof Error ? e.message : String(e) });
    } finally {
      setPending(null);
    }
  };

  const reset = () => setSummary(null);

  return (
    <Card>
      <CardHeader>
        <CardTitle>Import</CardTitle>
        <CardDescription>
          Check the file first: the dry run lists what would be created, what conflicts with a name that already exists here (the existing one is
          kept and used) and what is skipped. Then import. The backups already on the imported destinations are found from their manifests and show
          up again.
        </CardDescription>
      </CardHeader>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send(true);
        }}
      >
        <CardContent className="grid gap-4">
          <FormAlert message={error?.message ?? null} />
          {!canImport ? <p className="text-muted-foreground text-sm">Importing needs the vault:write permission too.</p> : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField id="import-file" label="Export file" error={error?.fieldErrors?.file?.[0]}>
              <Input
                id="import-file"
                type="file"
                accept=".json,.age,application/json"
                disabled={!canImport}
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  reset();
                }}
              />
            </FormField>
            <FormField id="import-passphrase" label="Passphrase (encrypted exports)" error={error?.fieldErrors?.passphrase?.[0]}>
              <Input
                id="import-passphrase"
                type="password"
                autoComplete="off"
                value={passphrase}
                disabled={!canImport}
                onChange={(e) => {
                  setPassphrase(e.target.value);
                  reset();
                }}
              />
            </FormField>
          </div>
          <div className="flex items-center gap-2">
            <Checkbox
              id="import-enable-jobs"
              checked={enableJobs}
              disabled={!canImport}
              onCheckedChange={(v) => {
                setEnableJobs(v === true);
                reset();
              }}
            />
            <Label htmlFor="import-enable-jobs" className="font-normal">
              Keep the jobs&apos; schedules enabled (by default imported jobs arrive disabled, so this instance writes nothing until you enable them)
            </Label>
          </div>
          {summary ? <ImportSummary summary={summary} /> : null}
        </CardContent>
        <CardFooter className="justify-end gap-2 pt-6">
          <Button type="submit" variant={summary?.dryRun ? "outline" : "default"} disabled={!canImport || !file || pending !== null}>
            {pending === "check" ? "Checking…" : "Check file (dry run)"}
          </Button>
          {summary?.dryRun ? (
            <Button type="button" disabled={pending !== null} onClick={() => void send(false)}>
              {pending === "import" ? "Importing…" : "Import"}
            </Button>
          ) : null}
        </CardFooter>
      </form>
    </Card>
  );
}
