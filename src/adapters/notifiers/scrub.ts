/**
 * Replaces secret values wherever they appear in a preview or an error: a token in a URL path, a
 * header, a body. A secret that is itself a URL (a Discord or Slack webhook) keeps its origin, so the
 * log still says where the request went.
 */
const REDACTED = "[redacted]";

const replacementFor = (secret: string): string => {
  try {
    const u = new URL(secret);
    if (u.protocol === "http:" || u.protocol === "https:") return `${u.origin}/${REDACTED}`;
  } catch {
    // not a URL
  }
  return REDACTED;
};

/** Longest first, so a secret containing another is replaced whole. Very short values are skipped: they would mangle the text. */
const usable = (secrets: readonly (string | undefined | null)[]): string[] =>
  [...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length >= 4))].sort((a, b) => b.length - a.length);

export const scrubText = (text: string, secrets: readonly (string | undefined | null)[]): string => {
  let out = text;
  for (const s of usable(secrets)) {
    out = out.split(s).join(replacementFor(s));
    // A secret may also travel URL-encoded (a token in a query string).
    const encoded = encodeURIComponent(s);
    if (encoded !== s) out = out.split(encoded).join(REDACTED);
  }
  return out;
};

export const scrubValue = (value: unknown, secrets: readonly (string | undefined | null)[]): unknown => {
  if (typeof value === "string") return scrubText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, secrets));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, secrets)]));
  return value;
};
