import { db } from "@/server/db";

export type SignInProvider = { providerId: string; name: string; autoRedirect: boolean };

/** What the sign-in page shows: enabled providers only, never their configuration. */
export const listSignInProviders = async (): Promise<SignInProvider[]> =>
  db.ssoProvider.findMany({ where: { enabled: true }, select: { providerId: true, name: true, autoRedirect: true }, orderBy: { name: "asc" } });
