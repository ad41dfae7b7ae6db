/**
 * The better-auth instance. Sign-up through the API is always off: the first admin is created by the
 * setup service, later users by admins or by an SSO provider allowed to provision. Plugins: TOTP with
 * backup codes, passkeys, OIDC SSO and API keys. Management endpoints that must be permission-checked
 * (SSO providers, API keys) are closed over HTTP and reached only through Bunker's services.
 */
import { apiKey } from "@better-auth/api-key";
import { passkey } from "@better-auth/passkey";
import { sso } from "@better-auth/sso";
import { betterAuth } from "better-auth";
import { APIError } from "better-auth/api";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { twoFactor } from "better-auth/plugins";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { authDb } from "./auth-db";
import { afterHook, beforeHook } from "./auth-hooks";
import { resolveClientIp } from "./client-ip";
import { API_KEY_PREFIX } from "./api-key-format";
import { ssoTrustedOrigins } from "./sso-origins";
import { provisionSsoUser, resolveSsoUser } from "./sso-policy";

/** better-auth endpoints that only Bunker's services may call (they check permissions first). */
const SERVER_ONLY_PATHS = [
  "/sso/register",
  "/sso/update-provider",
  "/sso/delete-provider",
  "/sso/providers",
  "/sso/get-provider",
  "/sso/request-domain-verification",
  "/sso/verify-domain",
  "/api-key/create",
  "/api-key/update",
  "/api-key/delete",
  "/api-key/list",
  "/api-key/get",
  "/api-key/delete-all-expired-api-keys",
];

const createAuth = () => {
  const e = env();
  const base = new URL(e.authUrl);
  return betterAuth({
    appName: "Bunker",
    baseURL: e.authUrl,
    secret: e.authSecret,
    // Registered SSO issuers are trusted too: better-auth fetches discovery, token and JWKS only from trusted origins.
    trustedOrigins: async () => [e.authUrl, ...e.trustedOrigins, ...(await ssoTrustedOrigins())],
    database: prismaAdapter(authDb(), { provider: "sqlite", transaction: true }),
    telemetry: { enabled: false },
    disabledPaths: SERVER_ONLY_PATHS,
    // Login protection lives in login-guard.ts: it keys on the trusted-proxy client address, which
    // better-auth's own limiter cannot see.
    rateLimit: { enabled: false },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 10,
      maxPasswordLength: 256,
      revokeSessionsOnPasswordReset: true,
    },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
    },
    account: {
      // Linking is decided per provider by sso-policy.ts; nothing else links accounts.
      accountLinking: { enabled: true, trustedProviders: [], allowDifferentEmails: false },
    },
    user: {
      additionalFields: {
        groupId: { type: "string", required: false, input: false },
        banned: { type: "boolean", required: false, input: false },
      },
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled user cannot get a session by any sign-in method.
          before: async (session, ctx) => {
            const user = await db.user.findUnique({ where: { id: session.userId }, select: { banned: true } });
            if (user?.banned) {
              throw new APIError("FORBIDDEN", { message: "This account is disabled. Ask an administrator to enable it.", code: "ACCOUNT_DISABLED" });
            }
            // better-auth reads the address from X-Forwarded-For as sent; the session list shows the trusted one.
            const ip = ctx?.headers ? await resolveClientIp(ctx.headers) : null;
            return { data: { ...session, ipAddress: ip ?? session.ipAddress ?? null } };
          },
          after: async (session) => {
            await db.user.update({ where: { id: session.userId }, data: { lastLoginAt: new Date() } });
          },
        },
      },
    },
    hooks: { before: beforeHook, after: afterHook },
    plugins: [
      twoFactor({
        issuer: "Bunker",
        // Passkey- or SSO-only accounts have no password to confirm with; accounts with one still must.
        allowPasswordless: true,
        backupCodeOptions: { amount: 10, length: 10 },
      }),
      passkey({ rpID: base.hostname, rpName: "Bunker", origin: base.origin }),
      sso({
        resolveUser: resolveSsoUser,
        provisionUser: provisionSsoUser,
        // The provider's email_verified claim is read, and used only by sso-policy.ts for trusted providers.
        trustEmailVerified: true,
        providersLimit: 1000,
      }),
      apiKey({
        defaultPrefix: API_KEY_PREFIX,
        defaultKeyLength: 48,
        requireName: true,
        maximumNameLength: 60,
        startingCharactersConfig: { shouldStore: true, charactersLength: API_KEY_PREFIX.length + 4 },
        keyExpiration: { defaultExpiresIn: null, minExpiresIn: 1, maxExpiresIn: 366 },
        // Per-key counters off: with them off, every verification still stamps lastRequest (last used).
        rateLimit: { enabled: false },
        enableSessionForAPIKeys: false,
      }),
      nextCookies(),
    ],
  });
};

type Auth = ReturnType<typeof createAuth>;
const g = globalThis as unknown as { bunkerAuth?: Auth };

/** Created on first use: building the pages must not need the secrets. */
export const auth = (): Auth => (g.bunkerAuth ??= createAuth());
