"use client";
import { KeySquare, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Switch } from "@/components/ui/switch";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import type { ApiKeyDto } from "@/server/services/api-keys/api-key-dto";
import { createApiKeyAction, revokeApiKeyAction, setApiKeyEnabledAction } from "../actions";

const EXPIRY = [{ v: "30", l: "30 days" }, { v: "90", l: "90 days" }, { v: "366", l: "1 year" }, { v: "", l: "Never" }];

export function ApiKeysCard({ keys, grantable, canCreate }: { keys: ApiKeyDto[]; grantable: string[]; canCreate: boolean }) {
  const create = useServerAction(createApiKeyAction);
  const toggle = useServerAction(setApiKeyEnabledAction);
  const revoke = useServerAction(revokeApiKeyAction);
  const [name, setName] = useState("");
  const [perms, setPerms] = useState<string[]>([]);
  const [expiry, setExpiry] = useState("90");
  const [shown, setShown] = useState<string | null>(null);
  return (
    <Card id="api-keys">
      <CardHeader>
        <CardTitle className="flex items-center gap-2"><KeySquare className="size-4" /> API keys</CardTitle>
        <CardDescription>For scripts and CI: send <code>Authorization: Bearer &lt;key&gt;</code>. A key can do only what you can, and less if you pick less. <Link className="underline underline-offset-2" href="/api-docs">API reference</Link></CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <FormAlert message={create.error && !create.error.fieldErrors ? create.error.message : null} />
        {shown && (
          <div className="grid gap-2 rounded-lg border border-amber-500/50 p-3" data-testid="new-api-key">
            <p className="text-sm font-medium">Your new key. It is shown only now; Bunker keeps only its hash.</p>
            <code className="bg-muted rounded px-2 py-1 font-mono text-sm break-all">{shown}</code>
            <div className="flex gap-2">
              <Button size="sm" variant="outline" onClick={() => void navigator.clipboard?.writeText(shown).then(() => toast.success("Copied"))}>Copy</Button>
              <Button size="sm" variant="ghost" onClick={() => setShown(null)}>Done</Button>
            </div>
          </div>
        )}
        {keys.length > 0 && (
          <Table data-testid="api-keys-table">
            <TableHeader><TableRow><TableHead>Name</TableHead><TableHead>Permissions</TableHead><TableHead>Expires</TableHead><TableHead>Last used</TableHead><TableHead>Enabled</TableHead><TableHead /></TableRow></TableHeader>
            <TableBody>
              {keys.map((k) => {
                const expired = !!k.expiresAt && new Date(k.expiresAt) < new Date();
                return (
                  <TableRow key={k.id}>
                    <TableCell><div className="font-medium">{k.name}</div><div className="text-muted-foreground font-mono text-xs">{k.start}…</div></TableCell>
                    <TableCell className="max-w-64"><div className="flex flex-wrap gap-1">{k.permissions.map((p) => <Badge key={p} variant="outline">{p}</Badge>)}</div></TableCell>
                    <TableCell>{k.expiresAt ? (expired ? <Badge variant="destructive">Expired</Badge> : formatDateTime(k.expiresAt)) : "Never"}</TableCell>
                    <TableCell>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "Never"}</TableCell>
                    <TableCell><Switch aria-label={`Enable ${k.name}`} checked={k.enabled} onCheckedChange={(v) => toggle.run({ keyId: k.id, enabled: v }, { toastError: true })} /></TableCell>
                    <TableCell className="text-right"><Button variant="ghost" size="icon" aria-label={`Revoke ${k.name}`} onClick={() => revoke.run({ keyId: k.id }, { success: "Key revoked", toastError: true })}><Trash2 /></Button></TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
        {canCreate ? (
          <form className="grid gap-3 rounded-lg border p-3" onSubmit={(e) => { e.preventDefault(); create.run({ name, permissions: perms, expiresInDays: expiry ? Number(expiry) : null }, { onSuccess: (r) => { setShown(r.key); setName(""); setPerms([]); } }); }}>
            <div className="grid gap-3 sm:grid-cols-2">
              <FormField id="key-name" label="Key label" error={create.fieldError("name")}>
                <Input id="key-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. nightly CI" />
              </FormField>
              <FormField id="key-expiry" label="Expires after">
                <NativeSelect id="key-expiry" value={expiry} onChange={(e) => setExpiry(e.target.value)}>
                  {EXPIRY.map((o) => <option key={o.l} value={o.v}>{o.l}</option>)}
                </NativeSelect>
              </FormField>
            </div>
            <fieldset className="grid gap-2">
              <legend className="mb-1 text-sm font-medium">Permissions (only yours are offered)</legend>
              <div className="grid gap-1.5 sm:grid-cols-3">
                {grantable.map((p) => (
                  <div key={p} className="flex items-center gap-2">
                    <Checkbox id={`perm-${p}`} checked={perms.includes(p)} onCheckedChange={(v) => setPerms(v === true ? [...perms, p] : perms.filter((x) => x !== p))} />
                    <Label htmlFor={`perm-${p}`} className="font-mono text-xs font-normal">{p}</Label>
                  </div>
                ))}
              </div>
              {create.fieldError("permissions") && <p className="text-destructive text-sm">{create.fieldError("permissions")}</p>}
            </fieldset>
            <Button type="submit" className="w-fit" disabled={create.pending}>{create.pending ? "Creating…" : "Create key"}</Button>
          </form>
        ) : (
          <p className="text-muted-foreground text-sm">Creating keys needs the apikeys:write permission.</p>
        )}
      </CardContent>
    </Card>
  );
}
