"use client";
import { Fingerprint, LogIn } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { authClient, errorText } from "@/components/auth/auth-client";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Separator } from "@/components/ui/separator";
import type { SignInProvider } from "@/server/services/sso/list-sign-in-providers";
import { signInAction } from "../actions";
import { SecondFactorForm } from "./second-factor-form";

type Props = { next: string; providers: SignInProvider[]; ssoError: string | null; autoRedirect: string | null };

export function SignInForm({ next, providers, ssoError, autoRedirect }: Props) {
  const router = useRouter();
  const action = useServerAction(signInAction);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [step, setStep] = useState<"password" | "second-factor">("password");
  const [busy, setBusy] = useState<string | null>(null);
  const [clientError, setClientError] = useState<string | null>(ssoError);
  const done = () => { router.replace(next); router.refresh(); };

  const sso = async (providerId: string) => {
    setBusy(providerId);
    setClientError(null);
    const r = await authClient.signIn.sso({ providerId, callbackURL: next, errorCallbackURL: "/sign-in" });
    if (r.error) { setClientError(errorText(r.error, "Single sign-on failed.")); setBusy(null); }
  };
  const passkey = async () => {
    setBusy("passkey");
    setClientError(null);
    const r = await authClient.signIn.passkey();
    setBusy(null);
    if (r?.error) setClientError(errorText(r.error, "The passkey was not accepted."));
    else done();
  };

  useEffect(() => {
    // The browser leaves for the provider; a failure comes back as ?error=…, which turns this off.
    if (autoRedirect) void authClient.signIn.sso({ providerId: autoRedirect, callbackURL: next, errorCallbackURL: "/sign-in" });
  }, [autoRedirect, next]);

  if (step === "second-factor") return <SecondFactorForm onDone={done} onPasskey={passkey} onRestart={() => { setStep("password"); setPassword(""); }} />;

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Sign in</CardTitle>
        <CardDescription>Use the account an administrator gave you.</CardDescription>
      </CardHeader>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          action.run({ email, password }, { onSuccess: (r) => (r.twoFactor ? setStep("second-factor") : done()) });
        }}
      >
        <CardContent className="grid gap-4">
          <FormAlert message={clientError ?? (action.error && !action.error.fieldErrors ? action.error.message : null)} />
          <FormField id="email" label="Email" error={action.fieldError("email")}>
            <Input id="email" type="email" autoComplete="username webauthn" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
          </FormField>
          <FormField id="password" label="Password" error={action.fieldError("password")}>
            <Input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </FormField>
        </CardContent>
        <CardFooter className="flex-col gap-3 pt-6">
          <Button type="submit" className="w-full" disabled={action.pending || !!busy}>
            {action.pending ? "Signing in…" : "Sign in"}
          </Button>
          <div className="text-muted-foreground flex w-full items-center gap-3 text-xs">
            <Separator className="flex-1" /> or <Separator className="flex-1" />
          </div>
          <Button type="button" variant="outline" className="w-full" onClick={() => void passkey()} disabled={!!busy}>
            <Fingerprint /> {busy === "passkey" ? "Waiting for your passkey…" : "Sign in with a passkey"}
          </Button>
          {providers.map((p) => (
            <Button key={p.providerId} type="button" variant="outline" className="w-full" onClick={() => void sso(p.providerId)} disabled={!!busy} data-provider={p.providerId}>
              <LogIn /> {busy === p.providerId ? "Redirecting…" : `Continue with ${p.name}`}
            </Button>
          ))}
        </CardFooter>
      </form>
    </Card>
  );
}
