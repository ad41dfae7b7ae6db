/**
 * Which address a request really came from. The socket's peer address is stamped on every request by
 * the HTTP server (peer-address.ts); X-Forwarded-For is read only when that peer is a trusted proxy, and
 * then from the right, skipping further trusted hops, so a client cannot pick its own address by
 * prepending entries.
 */
import { BlockList, isIP } from "node:net";

/** Set by our HTTP server from the TCP socket; any value a client sends is overwritten. */
export const PEER_HEADER = "x-bunker-peer-address";

export const normalizeIp = (raw: string | null | undefined): string | null => {
  if (!raw) return null;
  let ip = raw.trim();
  if (ip.startsWith("[")) ip = ip.slice(1, ip.indexOf("]"));
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(":"));
  if (ip.toLowerCase().startsWith("::ffff:") && isIP(ip.slice(7)) === 4) ip = ip.slice(7);
  return isIP(ip) ? ip.toLowerCase() : null;
};

/** Entries are addresses or CIDR ranges ("10.0.0.1", "10.0.0.0/8", "fd00::/8"); invalid ones are ignored. */
export const buildTrustList = (entries: readonly string[]): BlockList => {
  const list = new BlockList();
  for (const entry of entries) {
    const [addr, bits] = entry.trim().split("/");
    const ip = normalizeIp(addr);
    if (!ip) continue;
    const type = isIP(ip) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(ip, type);
    else if (/^\d+$/.test(bits)) list.addSubnet(ip, Number(bits), type);
  }
  return list;
};

const isTrusted = (list: BlockList, ip: string) => list.check(ip, isIP(ip) === 6 ? "ipv6" : "ipv4");

/**
 * The client address: the peer when it is not a trusted proxy; otherwise the right-most untrusted hop
 * of X-Forwarded-For (or X-Real-IP when the proxy sends only that). A proxy chain of only trusted hops
 * yields its left-most entry.
 */
export const clientAddress = (peer: string, forwardedFor: string | null, realIp: string | null, trust: BlockList): string => {
  if (!isTrusted(trust, peer)) return peer;
  const hops = (forwardedFor ?? "").split(",").map((h) => normalizeIp(h)).filter((h): h is string => !!h);
  if (!hops.length) return normalizeIp(realIp) ?? peer;
  for (let i = hops.length - 1; i >= 0; i--) if (!isTrusted(trust, hops[i]!)) return hops[i]!;
  return hops[0]!;
};
