/** A small structured logger: one JSON line per event in production, readable lines in development. */
import { redact } from "./redact";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };


let threshold: Level = (process.env.LOG_LEVEL as Level | undefined) ?? "info";
const pretty = process.env.NODE_ENV !== "production";

const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
  if (ORDER[level] < (ORDER[threshold] ?? 20)) return;
  // redact() also makes the fields JSON-safe (BigInt, Date, depth), so logging never throws.
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
