"use client";
/**
 * better-auth's browser client, for the steps that must run in the browser: WebAuthn ceremonies
 * (passkey registration and sign-in) and the redirect to an SSO provider. Everything else goes
 * through server actions.
 */
import { passkeyClient } from "@better-auth/passkey/client";
import { ssoClient } from "@better-auth/sso/client";
import { createAuthClient } from "better-auth/client";

export const authClient = createAuthClient({ plugins: [passkeyClient(), ssoClient()] });

/** A better-fetch result's error as one readable line. */
export const errorText = (e: { message?: string; code?: string } | null | undefined, fallback: string): string | null =>
  e ? e.message || e.code || fallback : null;
