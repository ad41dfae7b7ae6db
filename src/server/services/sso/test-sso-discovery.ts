import { discoverOidc, type OidcDiscovery } from "./discover-oidc";

export type DiscoveryResult = { ok: true; discovery: OidcDiscovery } | { ok: false; error: string };

/** For the admin page's "Test discovery" button: the failure is the answer, not an error. */
export const testSsoDiscovery = async (issuer: string): Promise<DiscoveryResult> => {
  try {
    return { ok: true, discovery: await discoverOidc(issuer) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
};
