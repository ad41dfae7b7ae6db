"use client";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { changePasswordAction } from "../actions";

const EMPTY = { currentPassword: "", newPassword: "", confirmPassword: "" };

export function PasswordForm() {
  const [form, setForm] = useState(EMPTY);
  const [revoke, setRevoke] = useState(true);
  const action = useServerAction(changePasswordAction);
  const set = (k: keyof typeof EMPTY) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Password</CardTitle>
        <CardDescription>At least 10 characters. A password manager&apos;s long random password is best.</CardDescription>
      </CardHeader>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          action.run(
            { ...form, revokeOtherSessions: revoke },
            { onSuccess: (r) => { setForm(EMPTY); action.reset(); toastDone(r.revokedSessions); } },
          );
        }}
      >
        <CardContent className="grid gap-4">
          <FormAlert message={action.error && !action.error.fieldErrors ? action.error.message : null} />
          <FormField id="current-password" label="Current password" error={action.fieldError("currentPassword")}>
            <Input id="current-password" type="password" autoComplete="current-password" value={form.currentPassword} onChange={set("currentPassword")} required />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField id="new-password" label="New password" error={action.fieldError("newPassword")}>
              <Input id="new-password" type="password" autoComplete="new-password" value={form.newPassword} onChange={set("newPassword")} required />
            </FormField>
            <FormField id="confirm-password" label="Confirm new password" error={action.fieldError("confirmPassword")}>
              <Input id="confirm-password" type="password" autoComplete="new-password" value={form.confirmPassword} onChange={set("confirmPassword")} required />
            </FormField>
          </div>
          <div className="flex items-center gap-2">
            <Checkbox id="revoke-others" checked={revoke} onCheckedChange={(v) => setRevoke(v === true)} />
            <Label htmlFor="revoke-others" className="font-normal">Sign out my other sessions</Label>
          </div>
        </CardContent>
        <CardFooter className="justify-end pt-6">
          <Button type="submit" disabled={action.pending}>{action.pending ? "Changing…" : "Change password"}</Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function toastDone(revoked: number) {
  void import("sonner").then(({ toast }) =>
    toast.success(revoked ? `Password changed. ${revoked} other session${revoked === 1 ? "" : "s"} signed out.` : "Password changed."),
  );
}
