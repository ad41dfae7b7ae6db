/** One rule for what counts as secret, shared by the logger and the audit log. */
// Object-storage names such as `key` and `manifestKey` are not secrets and stay readable.
const SECRET_KEY = /pass(word|phrase)?|secret|token|authorization|cookie|identity|credential|(private|api|ssh|encryption|master|secret)_?key($|[^a-z])/i;

export const isSecretKey = (key: string): boolean => SECRET_KEY.test(key);

const MAX_DEPTH = 12;

/** A JSON-safe copy with secret-looking keys replaced; Dates become ISO strings, BigInts strings. */
export const redact = (value: unknown, depth = 0): unknown => {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[truncated]";
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretKey(k) ? "[redacted]" : redact(v, depth + 1)]));
};
