/**
 * The caller's address, for rate limits, the session list and the audit log. Forwarded headers count
 * only when the socket peer is one of the `security.trustedProxies` (see trusted-proxies.ts).
 *
 * A request without the peer stamp did not come through our HTTP server (an in-process call such as a
 * test or a server-side API call builds its own headers), so its forwarded header is taken as given.
 */
import type { BlockList } from "node:net";
import { getSetting } from "@/server/services/settings/get-settings";
import { buildTrustList, clientAddress, normalizeIp, PEER_HEADER } from "./trusted-proxies";

const TTL_MS = 10_000;
const g = globalThis as unknown as { bunkerTrust?: { list: BlockList; at: number } };

const cachedTrust = (): BlockList => (g.bunkerTrust ??= { list: buildTrustList([]), at: 0 }).list;

/** Re-reads the setting at most every 10 s; a change applies within that. */
export const refreshTrustedProxies = async (force = false): Promise<void> => {
  if (!force && g.bunkerTrust && Date.now() - g.bunkerTrust.at < TTL_MS) return;
  const entries = await getSetting("security.trustedProxies").catch(() => [] as string[]);
  g.bunkerTrust = { list: buildTrustList(entries), at: Date.now() };
};

/** Synchronous, with the last loaded trusted-proxy list (for audit rows). */
export const clientIp = (headers: Headers): string | null => {
  const peer = headers.get(PEER_HEADER);
  const xff = headers.get("x-forwarded-for");
  if (!peer) return normalizeIp(xff?.split(",")[0]) ?? normalizeIp(headers.get("x-real-ip"));
  const p = normalizeIp(peer);
  if (!p) return null;
  return clientAddress(p, xff, headers.get("x-real-ip"), cachedTrust());
};

/** For security decisions: makes sure the trusted-proxy list is current first. */
export const resolveClientIp = async (headers: Headers): Promise<string | null> => {
  await refreshTrustedProxies();
  return clientIp(headers);
};

export const userAgent = (headers: Headers): string | null => headers.get("user-agent")?.slice(0, 400) ?? null;
