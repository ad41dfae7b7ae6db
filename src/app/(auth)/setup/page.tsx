import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { isSetupComplete } from "@/server/services/setup/get-setup-state";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (await isSetupComplete()) redirect("/sign-in");
  return <SetupForm />;
}
