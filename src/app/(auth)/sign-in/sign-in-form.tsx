"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { signInAction } from "../actions";

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const action = useServerAction(signInAction);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Sign in</CardTitle>
        <CardDescription>Use the account an administrator gave you.</CardDescription>
      </CardHeader>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          action.run({ email, password }, { onSuccess: () => { router.replace(next); router.refresh(); } });
        }}
      >
        <CardContent className="grid gap-4">
          <FormAlert message={action.error && !action.error.fieldErrors ? action.error.message : null} />
          <FormField id="email" label="Email" error={action.fieldError("email")}>
            <Input id="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
          </FormField>
          <FormField id="password" label="Password" error={action.fieldError("password")}>
            <Input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </FormField>
        </CardContent>
        <CardFooter className="pt-6">
          <Button type="submit" className="w-full" disabled={action.pending}>
            {action.pending ? "Signing in…" : "Sign in"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
