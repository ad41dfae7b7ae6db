"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { setupAction } from "../actions";

export function SetupForm() {
  const router = useRouter();
  const action = useServerAction(setupAction);
  const [form, setForm] = useState({ name: "", email: "", password: "", confirmPassword: "" });
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Create the first administrator</CardTitle>
        <CardDescription>
          This account gets every permission. Once it exists, this page closes and new users are added by administrators.
        </CardDescription>
      </CardHeader>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          action.run(form, { onSuccess: () => { router.replace("/"); router.refresh(); } });
        }}
      >
        <CardContent className="grid gap-4">
          <FormAlert message={action.error && !action.error.fieldErrors ? action.error.message : null} />
          <FormField id="name" label="Name" error={action.fieldError("name")}>
            <Input id="name" autoComplete="name" value={form.name} onChange={set("name")} required />
          </FormField>
          <FormField id="email" label="Email" error={action.fieldError("email")}>
            <Input id="email" type="email" autoComplete="email" value={form.email} onChange={set("email")} required />
          </FormField>
          <FormField id="password" label="Password" error={action.fieldError("password")} hint="At least 10 characters.">
            <Input id="password" type="password" autoComplete="new-password" value={form.password} onChange={set("password")} required />
          </FormField>
          <FormField id="confirmPassword" label="Confirm password" error={action.fieldError("confirmPassword")}>
            <Input id="confirmPassword" type="password" autoComplete="new-password" value={form.confirmPassword} onChange={set("confirmPassword")} required />
          </FormField>
        </CardContent>
        <CardFooter className="pt-6">
          <Button type="submit" className="w-full" disabled={action.pending}>
            {action.pending ? "Creating…" : "Create administrator"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
