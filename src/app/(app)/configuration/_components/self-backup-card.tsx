"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { updateSelfBackupAction } from "../actions";

type Props = {
  settings: { destinationId: string | null; intervalHours: number; keep: number; passphraseSet: boolean };
  destinations: Array<{ id: string; name: string }>;
};

export function SelfBackupCard({ settings, destinations }: Props) {
  const router = useRouter();
  const [destinationId, setDestinationId] = useState(settings.destinationId ?? "");
  const [interval, setIntervalHours] = useState(String(settings.intervalHours));
  const [keep, setKeep] = useState(String(settings.keep));
  const [passphrase, setPassphrase] = useState("");
  const save = useServerAction(updateSelfBackupAction);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Scheduled self-backup</CardTitle>
        <CardDescription>
          Writes the encrypted export, with every secret, to a destination as <code>_bunker-config/&lt;UTC time&gt;.json.age</code> and keeps the
          newest ones. It runs as the &quot;Configuration self-backup&quot; system task (System tasks: run now, last result). Open a file with{" "}
          <code>age -d</code> and the passphrase, or import it here.
        </CardDescription>
      </CardHeader>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.run(
            { destinationId: destinationId || null, intervalHours: Number(interval), keep: Number(keep), ...(passphrase ? { passphrase } : {}) },
            { success: "Self-backup settings saved", onSuccess: () => { setPassphrase(""); router.refresh(); } },
          );
        }}
      >
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2"><FormAlert message={save.error && !save.error.fieldErrors ? save.error.message : null} /></div>
          <FormField id="sb-destination" label="Destination" error={save.fieldError("destinationId")}>
            <NativeSelect id="sb-destination" value={destinationId} onChange={(e) => setDestinationId(e.target.value)}>
              <option value="">Off</option>
              {destinations.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
            </NativeSelect>
          </FormField>
          <FormField id="sb-passphrase" label="Passphrase" error={save.fieldError("passphrase")} hint={settings.passphraseSet ? "Set. Leave empty to keep it." : "Not set: at least 10 characters."}>
            <Input id="sb-passphrase" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
          </FormField>
          <FormField id="sb-interval" label="Every (hours)" error={save.fieldError("intervalHours")}>
            <Input id="sb-interval" type="number" min={1} max={720} value={interval} onChange={(e) => setIntervalHours(e.target.value)} />
          </FormField>
          <FormField id="sb-keep" label="Keep the newest" error={save.fieldError("keep")}>
            <Input id="sb-keep" type="number" min={1} max={365} value={keep} onChange={(e) => setKeep(e.target.value)} />
          </FormField>
        </CardContent>
        <CardFooter className="justify-end pt-6">
          <Button type="submit" disabled={save.pending}>{save.pending ? "Saving…" : "Save"}</Button>
        </CardFooter>
      </form>
    </Card>
  );
}
