import { describe, expect, it } from "vitest";
import { buildTrustList, clientAddress, normalizeIp } from "@/server/auth/trusted-proxies";

describe("client address behind proxies", () => {
  const none = buildTrustList([]);
  const lan = buildTrustList(["10.0.0.0/8", "fd00::/8", "192.0.2.1", "not an ip"]);
  it("ignores X-Forwarded-For when the peer is not a trusted proxy", () => {
    expect(clientAddress("198.51.100.9", "1.2.3.4", null, none)).toBe("198.51.100.9");
    expect(clientAddress("198.51.100.9", "1.2.3.4", null, lan)).toBe("198.51.100.9");
  });
  it("takes the right-most untrusted hop from a trusted peer, so prepended entries do not count", () => {
    expect(clientAddress("10.0.0.2", "6.6.6.6, 203.0.113.5", null, lan)).toBe("203.0.113.5");
    expect(clientAddress("10.0.0.2", "6.6.6.6, 203.0.113.5, 10.1.1.1", null, lan)).toBe("203.0.113.5");
    expect(clientAddress("192.0.2.1", null, "203.0.113.8", lan)).toBe("203.0.113.8");
    expect(clientAddress("10.0.0.2", "10.0.0.3", null, lan)).toBe("10.0.0.3");
  });
  it("normalises mapped IPv4, ports and brackets, and rejects junk", () => {
    expect(normalizeIp("::ffff:10.0.0.2")).toBe("10.0.0.2");
    expect(normalizeIp("203.0.113.5:443")).toBe("203.0.113.5");
    expect(normalizeIp("[2001:db8::1]:80")).toBe("2001:db8::1");
    expect(normalizeIp("evil")).toBeNull();
    expect(clientAddress("fd00::2", "2001:db8::7", null, lan)).toBe("2001:db8::7");
  });
});
