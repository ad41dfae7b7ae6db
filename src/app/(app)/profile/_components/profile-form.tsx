"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { updateProfileAction } from "../actions";

export function ProfileForm(props: { name: string; email: string }) {
  const router = useRouter();
  const [name, setName] = useState(props.name);
  const [email, setEmail] = useState(props.email);
  const action = useServerAction(updateProfileAction);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Account details</CardTitle>
        <CardDescription>Your name appears in the audit log; your email is how you sign in.</CardDescription>
      </CardHeader>
      <form onSubmit={(e) => { e.preventDefault(); action.run({ name, email }, { success: "Profile saved", onSuccess: () => router.refresh() }); }}>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2"><FormAlert message={action.error && !action.error.fieldErrors ? action.error.message : null} /></div>
          <FormField id="profile-name" label="Name" error={action.fieldError("name")}>
            <Input id="profile-name" value={name} onChange={(e) => setName(e.target.value)} required />
          </FormField>
          <FormField id="profile-email" label="Email" error={action.fieldError("email")}>
            <Input id="profile-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          </FormField>
        </CardContent>
        <CardFooter className="justify-end pt-6">
          <Button type="submit" disabled={action.pending}>{action.pending ? "Saving…" : "Save"}</Button>
        </CardFooter>
      </form>
    </Card>
  );
}
