/** A small structured logger: one JSON line per event in production, readable lines in development. */
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SECRET_KEY = /pass(word)?|secret|token|key|authorization|cookie|identity/i;

/** Drops values whose key looks secret, so a careless `log.info("x", { config })` cannot leak one. */
const redact = (value: unknown, depth = 0): unknown => {
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : redact(v, depth + 1)]),
  );
};

let threshold: Level = (process.env.LOG_LEVEL as Level | undefined) ?? "info";
const pretty = process.env.NODE_ENV !== "production";

const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
  if (ORDER[level] < (ORDER[threshold] ?? 20)) return;
  const safe = fields ? (redact(fields) as Record<string, unknown>) : undefined;
  const line = pretty
    ? `[bunker] ${level.padEnd(5)} ${msg}${safe ? ` ${JSON.stringify(safe)}` : ""}`
    : JSON.stringify({ t: new Date().toISOString(), level, msg, ...safe });
  (level === "error" || level === "warn" ? console.error : console.log)(line);
};

export const log = {
  setLevel: (level: Level) => {
    threshold = level;
  },
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};
