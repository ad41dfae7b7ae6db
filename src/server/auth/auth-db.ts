/**
 * The Prisma client better-auth writes through. The sso plugin keeps each provider's OIDC config as a
 * JSON string with the client secret in clear; this extension seals `clientSecret` on the way in and
 * opens it on the way out, so the row at rest holds only ciphertext (AES-256-GCM, master key, AAD below).
 * The rest of the app reads ssoProvider rows through the plain client and never sees the secret.
 */
import { isSealed } from "@/lib/crypto/secrets";
import { db } from "@/server/db";
import { seal, unseal } from "@/server/secrets";

export const SSO_SECRET_CONTEXT = "sso-provider:client-secret";

const mapSecret = (json: unknown, fn: (s: string) => string): unknown => {
  if (typeof json !== "string" || !json) return json;
  try {
    const cfg = JSON.parse(json) as Record<string, unknown>;
    if (typeof cfg.clientSecret !== "string" || !cfg.clientSecret) return json;
    return JSON.stringify({ ...cfg, clientSecret: fn(cfg.clientSecret) });
  } catch {
    return json;
  }
};

export const sealOidcConfig = (json: unknown) => mapSecret(json, (s) => (isSealed(s) ? s : seal(s, SSO_SECRET_CONTEXT)));
export const openOidcConfig = (json: unknown) => mapSecret(json, (s) => (isSealed(s) ? unseal(s, SSO_SECRET_CONTEXT) : s));

const sealData = (data: unknown) => {
  if (!data || typeof data !== "object") return data;
  const d = data as Record<string, unknown>;
  if (!("oidcConfig" in d)) return d;
  const v = d.oidcConfig;
  if (v && typeof v === "object" && "set" in (v as object)) return { ...d, oidcConfig: { set: sealOidcConfig((v as { set: unknown }).set) } };
  return { ...d, oidcConfig: sealOidcConfig(v) };
};

const openRow = (row: unknown): unknown => {
  if (Array.isArray(row)) return row.map(openRow);
  if (!row || typeof row !== "object" || !("oidcConfig" in row)) return row;
  return { ...row, oidcConfig: openOidcConfig((row as { oidcConfig: unknown }).oidcConfig) };
};

const createAuthDb = () =>
  db.$extends({
    name: "bunker-sso-secret",
    query: {
      ssoProvider: {
        async $allOperations({ args, query }) {
          const a = args as Record<string, unknown>;
          const next: Record<string, unknown> = { ...a };
          if ("data" in a) next.data = Array.isArray(a.data) ? a.data.map(sealData) : sealData(a.data);
          if ("create" in a) next.create = sealData(a.create);
          if ("update" in a) next.update = sealData(a.update);
          return openRow(await query(next as typeof args));
        },
      },
    },
  });

const g = globalThis as unknown as { bunkerAuthDb?: ReturnType<typeof createAuthDb> };
export const authDb = () => (g.bunkerAuthDb ??= createAuthDb());
