/** The origins of registered SSO issuers and their endpoints, cached briefly (asked on every auth request). */
import { db } from "@/server/db";

const TTL_MS = 10_000;
const g = globalThis as unknown as { bunkerSsoOrigins?: { origins: string[]; at: number } };

const originOf = (u: unknown): string | null => {
  if (typeof u !== "string") return null;
  try {
    return new URL(u).origin;
  } catch {
    return null;
  }
};

export const forgetSsoOrigins = (): void => {
  g.bunkerSsoOrigins = undefined;
};

export const ssoTrustedOrigins = async (): Promise<string[]> => {
  if (g.bunkerSsoOrigins && Date.now() - g.bunkerSsoOrigins.at < TTL_MS) return g.bunkerSsoOrigins.origins;
  const rows = await db.ssoProvider.findMany({ select: { issuer: true, oidcConfig: true } }).catch(() => []);
  const set = new Set<string>();
  for (const r of rows) {
    const o = originOf(r.issuer);
    if (o) set.add(o);
    try {
      const cfg = JSON.parse(r.oidcConfig ?? "{}") as Record<string, unknown>;
      for (const k of ["authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint", "jwksEndpoint", "discoveryEndpoint"]) {
        const eo = originOf(cfg[k]);
        if (eo) set.add(eo);
      }
    } catch {
      // an unreadable config trusts only its issuer
    }
  }
  g.bunkerSsoOrigins = { origins: [...set], at: Date.now() };
  return g.bunkerSsoOrigins.origins;
};
