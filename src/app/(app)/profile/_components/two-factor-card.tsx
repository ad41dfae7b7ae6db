"use client";
import { ShieldCheck } from "lucide-react";
import { useRouter } from "next/navigation";
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
import { confirmTotpAction, disableTotpAction, regenerateBackupCodesAction, startTotpAction } from "../actions";

type Enrolment = { qrDataUrl: string; secret: string; backupCodes: string[] };

export function BackupCodes({ codes }: { codes: string[] }) {
  return (
    <div className="grid gap-2 rounded-lg border p-3" data-testid="backup-codes">
      <p className="text-sm font-medium">Backup codes: shown once. Keep them somewhere safe; each works once.</p>
      <div className="grid grid-cols-2 gap-1 font-mono text-sm sm:grid-cols-5">{codes.map((c) => <span key={c}>{c}</span>)}</div>
      <Button type="button" variant="outline" size="sm" className="w-fit" onClick={() => void navigator.clipboard?.writeText(codes.join("\n")).then(() => toast.success("Copied"))}>Copy</Button>
    </div>
  );
}

function RevokeOthers({ checked, onChange }: { checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="flex items-center gap-2">
      <Checkbox id="totp-revoke" checked={checked} onCheckedChange={(v) => onChange(v === true)} />
      <Label htmlFor="totp-revoke" className="font-normal">Sign out my other sessions</Label>
    </div>
  );
}

export function TwoFactorCard({ enabled, hasPassword, required }: { enabled: boolean; hasPassword: boolean; required: boolean }) {
  const router = useRouter();
  const start = useServerAction(startTotpAction);
  const confirm = useServerAction(confirmTotpAction);
  const disable = useServerAction(disableTotpAction);
  const regen = useServerAction(regenerateBackupCodesAction);
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [revoke, setRevoke] = useState(true);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [freshCodes, setFreshCodes] = useState<string[] | null>(null);
  const error = start.error ?? confirm.error ?? disable.error ?? regen.error;

  return (
    <Card id="two-factor">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <ShieldCheck className="size-4" /> Two-factor authentication
          {enabled ? <Badge variant="success">On</Badge> : <Badge variant={required ? "warning" : "outline"}>{required ? "Required by your group" : "Off"}</Badge>}
        </CardTitle>
        <CardDescription>A 6-digit code from an authenticator app after your password. A passkey also counts as a second factor.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <FormAlert message={error && !error.fieldErrors ? error.message : null} />
        {hasPassword && !enrolment && (
          <FormField id="totp-password" label="Current password" error={start.fieldError("password") ?? disable.fieldError("password") ?? regen.fieldError("password")}>
            <Input id="totp-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} className="max-w-sm" />
          </FormField>
        )}
        {!enabled && !enrolment && (
          <Button className="w-fit" disabled={start.pending} onClick={() => start.run({ password }, { onSuccess: (r) => { setEnrolment(r); setPassword(""); } })}>
            {start.pending ? "Preparing…" : "Set up an authenticator app"}
          </Button>
        )}
        {enrolment && (
          <div className="grid gap-4">
            <div className="flex flex-wrap items-start gap-4">
              <img src={enrolment.qrDataUrl} alt="QR code for your authenticator app" className="size-40 rounded-md border bg-white p-1" />
              <div className="grid gap-1 text-sm">
                <p>Scan the code, or type this secret into the app:</p>
                <code className="bg-muted rounded px-2 py-1 font-mono break-all" data-testid="totp-secret">{enrolment.secret}</code>
              </div>
            </div>
            <BackupCodes codes={enrolment.backupCodes} />
            <form className="grid gap-3" onSubmit={(e) => { e.preventDefault(); confirm.run({ code, revokeOthers: revoke }, { onSuccess: (r) => { setEnrolment(null); setCode(""); toast.success(r.revokedSessions ? `Two-factor authentication is on. ${r.revokedSessions} other session(s) signed out.` : "Two-factor authentication is on."); router.refresh(); } }); }}>
              <FormField id="totp-code" label="Code from the app" error={confirm.fieldError("code")}>
                <Input id="totp-code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} className="max-w-40" />
              </FormField>
              <RevokeOthers checked={revoke} onChange={setRevoke} />
              <div className="flex gap-2">
                <Button type="submit" disabled={confirm.pending}>{confirm.pending ? "Checking…" : "Turn on"}</Button>
                <Button type="button" variant="ghost" onClick={() => setEnrolment(null)}>Cancel</Button>
              </div>
            </form>
          </div>
        )}
        {enabled && (
          <div className="grid gap-3">
            {freshCodes && <BackupCodes codes={freshCodes} />}
            <RevokeOthers checked={revoke} onChange={setRevoke} />
            <div className="flex flex-wrap gap-2">
              <Button variant="outline" disabled={regen.pending} onClick={() => regen.run({ password }, { onSuccess: (r) => { setFreshCodes(r.backupCodes); setPassword(""); } })}>New backup codes</Button>
              <Button variant="destructive" disabled={disable.pending} onClick={() => disable.run({ password, revokeOthers: revoke }, { success: "Two-factor authentication is off.", onSuccess: () => { setPassword(""); router.refresh(); } })}>Turn off</Button>
            </div>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
