"use client";
import { Fingerprint, KeyRound } from "lucide-react";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { verifySecondFactorAction } from "../actions";

/** The 2FA challenge after a right password: a code from the app, a backup code, or a passkey instead. */
export function SecondFactorForm({ onDone, onPasskey, onRestart }: { onDone: () => void; onPasskey: () => void; onRestart: () => void }) {
  const action = useServerAction(verifySecondFactorAction);
  const [method, setMethod] = useState<"totp" | "backup">("totp");
  const [code, setCode] = useState("");
  const [trust, setTrust] = useState(false);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Two-factor authentication</CardTitle>
        <CardDescription>
          {method === "totp" ? "Enter the 6-digit code from your authenticator app." : "Enter one of your backup codes. Each works once."}
        </CardDescription>
      </CardHeader>
      <form onSubmit={(e) => { e.preventDefault(); action.run({ method, code, trustDevice: trust }, { onSuccess: onDone }); }}>
        <CardContent className="grid gap-4">
          <FormAlert message={action.error && !action.error.fieldErrors ? action.error.message : null} />
          <FormField id="code" label={method === "totp" ? "Authentication code" : "Backup code"} error={action.fieldError("code")}>
            <Input id="code" inputMode={method === "totp" ? "numeric" : "text"} autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} required autoFocus />
          </FormField>
          <TrustDevice checked={trust} onChange={setTrust} />
        </CardContent>
        <CardFooter className="flex-col gap-3 pt-6">
          <Button type="submit" className="w-full" disabled={action.pending}>{action.pending ? "Checking…" : "Verify"}</Button>
          <Button type="button" variant="outline" className="w-full" onClick={onPasskey}><Fingerprint /> Use a passkey instead</Button>
          <div className="flex w-full justify-between text-sm">
            <Button type="button" variant="link" className="px-0" onClick={() => { setMethod(method === "totp" ? "backup" : "totp"); setCode(""); action.reset(); }}>
              {method === "totp" ? "Use a backup code" : "Use the authenticator app"}
            </Button>
            <Button type="button" variant="link" className="px-0" onClick={onRestart}>Start over</Button>
          </div>
        </CardFooter>
      </form>
    </Card>
  );
}

function TrustDevice({ checked, onChange }: { checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="flex items-center gap-2">
      <Checkbox id="trust-device" checked={checked} onCheckedChange={(v) => onChange(v === true)} />
      <Label htmlFor="trust-device" className="font-normal">
        <KeyRound className="size-3.5" /> Trust this browser for 30 days
      </Label>
    </div>
  );
}
