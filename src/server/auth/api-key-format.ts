/** Bunker API keys look like `bk_<48 random characters>`; the prefix lets secret scanners spot them. */
export const API_KEY_PREFIX = "bk_";

/** The key from `Authorization: Bearer <key>`, if it looks like one of ours (sessions never use this header). */
export const bearerApiKey = (headers: Headers): string | null => {
  const h = headers.get("authorization");
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1]?.startsWith(API_KEY_PREFIX) ? m[1] : null;
};
