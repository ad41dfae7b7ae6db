import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentCaller } from "@/server/http/action";
import { isSetupComplete } from "@/server/services/setup/get-setup-state";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

/** Only same-site paths: an open redirect after sign-in would be a phishing aid. */
const safeNext = (next: string | string[] | undefined): string =>
  typeof next === "string" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await isSetupComplete())) redirect("/setup");
  const next = safeNext((await searchParams).next);
  if (await currentCaller()) redirect(next);
  return <SignInForm next={next} />;
}
