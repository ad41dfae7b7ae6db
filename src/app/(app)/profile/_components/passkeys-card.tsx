"use client";
import { Fingerprint, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient, errorText } from "@/components/auth/auth-client";
import { FormAlert } from "@/components/forms/form-alert";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { formatDateTime } from "@/lib/format";
import type { PasskeyDto } from "@/server/services/profile/security-overview";
import { deletePasskeyAction, renamePasskeyAction } from "../actions";

export function PasskeysCard({ passkeys }: { passkeys: PasskeyDto[] }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const del = useServerAction(deletePasskeyAction);
  const rename = useServerAction(renamePasskeyAction);
  const add = async () => {
    setBusy(true);
    setError(null);
    const r = await authClient.passkey.addPasskey({ name: name.trim() || "Passkey" });
    setBusy(false);
    if (r?.error) setError(errorText(r.error, "The passkey was not registered."));
    else { setName(""); router.refresh(); }
  };
  return (
    <Card id="passkeys">
      <CardHeader>
        <CardTitle className="flex items-center gap-2"><Fingerprint className="size-4" /> Passkeys</CardTitle>
        <CardDescription>Sign in with a fingerprint, face or security key instead of a password and code.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <FormAlert message={error ?? del.error?.message ?? rename.error?.message ?? null} />
        {passkeys.length > 0 && (
          <ul className="divide-y rounded-lg border" data-testid="passkey-list">
            {passkeys.map((p) => (
              <li key={p.id} className="flex items-center gap-3 px-3 py-2 text-sm">
                <Input
                  aria-label="Passkey label"
                  defaultValue={p.name}
                  className="h-8 max-w-60"
                  onBlur={(e) => { if (e.target.value.trim() && e.target.value !== p.name) rename.run({ passkeyId: p.id, name: e.target.value }, { success: "Renamed" }); }}
                />
                <span className="text-muted-foreground flex-1">{p.createdAt ? `Added ${formatDateTime(p.createdAt)}` : ""}{p.backedUp ? " · synced" : ""}</span>
                <Button variant="ghost" size="icon" aria-label={`Delete ${p.name}`} onClick={() => del.run({ passkeyId: p.id }, { success: "Passkey deleted", toastError: true })}><Trash2 /></Button>
              </li>
            ))}
          </ul>
        )}
        <div className="flex flex-wrap gap-2">
          <Input aria-label="New passkey label" placeholder="e.g. Work laptop" value={name} onChange={(e) => setName(e.target.value)} className="max-w-60" />
          <Button onClick={() => void add()} disabled={busy}>{busy ? "Waiting for the authenticator…" : "Add a passkey"}</Button>
        </div>
      </CardContent>
    </Card>
  );
}
