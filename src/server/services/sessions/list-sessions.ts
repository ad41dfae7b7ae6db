import { db } from "@/server/db";

export type SessionDto = { id: string; device: string; browser: string; ip: string | null; createdAt: Date; lastSeenAt: Date; current: boolean };

/** A readable device and browser from a user agent; good enough to tell one's own sessions apart. */
export const describeUserAgent = (ua: string | null): { device: string; browser: string } => {
  const s = ua ?? "";
  const device = /iPhone|iPad/.test(s) ? "iOS" : /Android/.test(s) ? "Android" : /Windows/.test(s) ? "Windows" : /Mac OS X|Macintosh/.test(s) ? "macOS" : /Linux/.test(s) ? "Linux" : /curl|wget|python|node|undici/i.test(s) ? "Script" : "Unknown device";
  const browser = /Edg\//.test(s) ? "Edge" : /Firefox\//.test(s) ? "Firefox" : /Chrome\/|Chromium\//.test(s) ? "Chrome" : /Safari\//.test(s) ? "Safari" : (s.split(/[\s/]/)[0] || "Unknown browser");
  return { device, browser };
};

export const listSessions = async (userId: string, currentSessionId: string): Promise<SessionDto[]> => {
  const rows = await db.session.findMany({ where: { userId, expiresAt: { gt: new Date() } }, orderBy: { updatedAt: "desc" } });
  return rows.map((r) => ({ id: r.id, ...describeUserAgent(r.userAgent), ip: r.ipAddress, createdAt: r.createdAt, lastSeenAt: r.updatedAt, current: r.id === currentSessionId }));
};
