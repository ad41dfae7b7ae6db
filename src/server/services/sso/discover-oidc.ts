/** Reads an issuer's OpenID discovery document; the endpoints Bunker stores come from here. */
import { AppError } from "@/server/errors";

export type OidcDiscovery = {
  issuer: string;
  discoveryEndpoint: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksEndpoint: string;
  userInfoEndpoint: string | null;
  tokenEndpointAuthentication: "client_secret_basic" | "client_secret_post";
  scopesSupported: string[];
  claimsSupported: string[];
};

const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export const discoverOidc = async (issuer: string, signal?: AbortSignal): Promise<OidcDiscovery> => {
  const base = issuer.replace(/\/+$/, "");
  const url = `${base}/.well-known/openid-configuration`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "application/json" }, redirect: "follow", signal: signal ?? AbortSignal.timeout(10_000) });
  } catch (e) {
    throw new AppError("UNAVAILABLE", `Could not reach ${url}: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`);
  }
  if (!res.ok) throw new AppError("BAD_REQUEST", `${url} answered HTTP ${res.status}.`);
  let doc: Record<string, unknown>;
  try {
    doc = (await res.json()) as Record<string, unknown>;
  } catch {
    throw new AppError("BAD_REQUEST", `${url} did not return JSON.`);
  }
  const found = str(doc.issuer);
  if (!found) throw new AppError("BAD_REQUEST", "The discovery document has no issuer.");
  // OIDC Discovery §4.3: the document's issuer must be the URL it was fetched for.
  if (found.replace(/\/+$/, "") !== base) throw new AppError("BAD_REQUEST", `The discovery document names issuer ${found}, not ${base}. Use exactly that issuer URL.`);
  const authorizationEndpoint = str(doc.authorization_endpoint);
  const tokenEndpoint = str(doc.token_endpoint);
  const jwksEndpoint = str(doc.jwks_uri);
  const missing = [!authorizationEndpoint && "authorization_endpoint", !tokenEndpoint && "token_endpoint", !jwksEndpoint && "jwks_uri"].filter(Boolean);
  if (missing.length) throw new AppError("BAD_REQUEST", `The discovery document lacks ${missing.join(", ")}.`);
  const methods = strs(doc.token_endpoint_auth_methods_supported);
  return {
    issuer: found,
    discoveryEndpoint: url,
    authorizationEndpoint: authorizationEndpoint!,
    tokenEndpoint: tokenEndpoint!,
    jwksEndpoint: jwksEndpoint!,
    userInfoEndpoint: str(doc.userinfo_endpoint),
    tokenEndpointAuthentication: methods.length && !methods.includes("client_secret_basic") && methods.includes("client_secret_post") ? "client_secret_post" : "client_secret_basic",
    scopesSupported: strs(doc.scopes_supported),
    claimsSupported: strs(doc.claims_supported),
  };
};
