"use client";
import { useState } from "react";
import { toast } from "sonner";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { type ApiError, fileNameOf, readProblem, saveBlob } from "./api";

const MIN = 10;

export function ExportCard({ canSecrets }: { canSecrets: boolean }) {
  const [passphrase, setPassphrase] = useState("");
  const [confirm, setConfirm] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const mismatch = confirm !== "" && confirm !== passphrase;
  const tooShort = passphrase !== "" && passphrase.length < MIN;

  const run = async () => {
    setPending(true);
    setError(null);
    try {
      const res = await fetch("/api/v1/config/export", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(passphrase ? { passphrase } : {}),
      });
      if (!res.ok) return setError(await readProblem(res));
      const name = fileNameOf(res, passphrase ? "bunker-config.json.age" : "bunker-config.json");
      saveBlob(await res.blob(), name);
      toast.success(`Exported ${name}`);
    } catch (e) {
      setError({ message: e instanceof Error ? e.message : String(e) });
    } finally {
      setPending(false);
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Export</CardTitle>
        <CardDescription>
          With a passphrase, the file is encrypted (age, scrypt) and holds every secret: passwords, keys and the encryption profiles&apos; secret keys.
          Without one, it is plain JSON and <strong>every secret is left out</strong>: after an import you enter the passwords again and import the
          profiles&apos; keys from their recovery kits.
        </CardDescription>
      </CardHeader>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!mismatch && !tooShort) void run();
        }}
      >
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2"><FormAlert message={error?.message ?? null} /></div>
          <FormField id="export-passphrase" label="Passphrase (optional)" error={tooShort ? `At least ${MIN} characters` : error?.fieldErrors?.passphrase?.[0]} hint={canSecrets ? "Leave empty to export without secrets. Keep it safe: nobody can open the file without it." : "Exporting secrets needs the vault:write permission."}>
            <Input id="export-passphrase" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} disabled={!canSecrets} />
          </FormField>
          <FormField id="export-confirm" label="Confirm the passphrase" error={mismatch ? "The passphrases differ" : undefined}>
            <Input id="export-confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} disabled={!canSecrets || passphrase === ""} />
          </FormField>
        </CardContent>
        <CardFooter className="justify-end pt-6">
          <Button type="submit" disabled={pending || mismatch || tooShort || (passphrase !== "" && confirm !== passphrase)}>
            {pending ? "Exporting…" : passphrase ? "Export with secrets" : "Export without secrets"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
