import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentCaller } from "@/server/http/action";
import { listSignInProviders } from "@/server/services/sso/list-sign-in-providers";
import { isSetupComplete } from "@/server/services/setup/get-setup-state";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

/** Only same-site paths: an open redirect after sign-in would be a phishing aid. */
const safeNext = (next: string | string[] | undefined): string =>
  typeof next === "string" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";

const SSO_ERRORS: Record<string, string> = {
  SSO_NOT_LINKED: "A local account already uses this email. Sign in with it; an administrator can mark the provider as trusted to link them.",
  SSO_NO_PROVISIONING: "There is no Bunker account for this email, and this provider may not create one.",
  SSO_EMAIL_DOMAIN: "This provider only accepts addresses in its configured domain.",
  SSO_EMAIL_UNVERIFIED: "The provider does not say this email is verified, so it cannot be linked.",
  SSO_PROVIDER_DISABLED: "This sign-in provider is switched off.",
  ACCOUNT_DISABLED: "This account is disabled. Ask an administrator to enable it.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await isSetupComplete())) redirect("/setup");
  const sp = await searchParams;
  const next = safeNext(sp.next);
  if (await currentCaller()) redirect(next);
  const providers = await listSignInProviders();
  const error = typeof sp.error === "string" ? (SSO_ERRORS[sp.error] ?? `Single sign-on failed (${sp.error.slice(0, 80)}).`) : null;
  // ?local skips the automatic redirect, so an administrator can always reach the password form.
  const autoRedirect = !error && sp.local === undefined ? (providers.find((p) => p.autoRedirect)?.providerId ?? null) : null;
  return <SignInForm next={next} providers={providers} ssoError={error} autoRedirect={autoRedirect} />;
}
