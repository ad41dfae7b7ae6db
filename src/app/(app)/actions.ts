"use server";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { auth } from "@/server/auth/auth";

/** Ends the current session (audited by the auth hook) and returns to the sign-in page. */
export async function signOutAction(): Promise<void> {
  await auth().api.signOut({ headers: await headers() }).catch(() => undefined);
  redirect("/sign-in");
}
