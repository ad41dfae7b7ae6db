/**
 * Turns what ioredis reports (socket errors, Redis error replies, its own "Connection is closed.") into
 * an AdapterError whose message names the server and never a secret. Pure, no I/O.
 */
import { AdapterError } from "../../errors";

export type RedisTarget = { host: string; port: number; username?: string; tls?: boolean };

const where = (t: RedisTarget) => `${t.host.includes(":") ? `[${t.host}]` : t.host}:${t.port}`;

const ERRNO_UNREACHABLE = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ECONNRESET", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT"]);

/**
 * @param err   the most telling error: the socket or reply error ioredis emitted, else the rejection
 * @param timeoutSeconds  the connect timeout, for the message
 */
export const classifyRedisError = (err: unknown, target: RedisTarget, timeoutSeconds = 10): AdapterError => {
  if (err instanceof AdapterError) return err;
  const e = err as NodeJS.ErrnoException | undefined;
  const msg = (e?.message ?? String(err)).trim();
  const code = e?.code ?? /\b(E[A-Z]{4,})\b/.exec(msg)?.[1];
  const at = `Redis at ${where(target)}`;
  const opts = { cause: err };

  if (/^WRONGPASS/i.test(msg) || /invalid (username-)?password/i.test(msg)) {
    return new AdapterError("AUTH_FAILED", target.username ? `wrong username or password for ${at}` : `wrong password for ${at}`, opts);
  }
  if (/^NOAUTH/i.test(msg)) return new AdapterError("AUTH_FAILED", `password required: ${at} asks for a password and none is configured`, opts);
  if (/no password is set|without any password configured/i.test(msg)) {
    return new AdapterError("AUTH_FAILED", `${at} has no password set: leave the password empty`, opts);
  }
  if (/^NOPERM/i.test(msg)) return new AdapterError("PERMISSION_DENIED", `the Redis user may not do this on ${at}: ${msg.replace(/^NOPERM\s*/i, "")}`, opts);
  if (/DB index is out of range/i.test(msg)) return new AdapterError("NOT_FOUND", `${at} does not have that database (${msg})`, opts);
  if (/^LOADING/i.test(msg)) return new AdapterError("UNREACHABLE", `${at} is still loading its data set; try again shortly`, opts);
  if (/^MASTERDOWN|^READONLY/i.test(msg)) return new AdapterError("FAILED", `${at}: ${msg}`, opts);
  if (code === "ECONNREFUSED") return new AdapterError("UNREACHABLE", `${at} is unreachable: connection refused`, opts);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new AdapterError("UNREACHABLE", `${at} is unreachable: cannot resolve ${target.host}`, opts);
  if (code === "ETIMEDOUT" || /timed? ?out/i.test(msg)) {
    return new AdapterError("UNREACHABLE", `${at} is unreachable: no answer within ${timeoutSeconds} s`, opts);
  }
  if (target.tls && (/SSL|TLS|certificate|wrong version number|EPROTO/i.test(msg) || code === "EPROTO" || code?.startsWith("ERR_TLS") || code?.startsWith("ERR_SSL"))) {
    return new AdapterError("UNREACHABLE", `TLS connection to ${at} failed: ${msg}`, opts);
  }
  if (code && ERRNO_UNREACHABLE.has(code)) return new AdapterError("UNREACHABLE", `${at} is unreachable: ${msg}`, opts);
  if (/Connection is closed|Stream isn't writeable|connection.*(closed|ended|lost)/i.test(msg)) {
    return new AdapterError("UNREACHABLE", `the connection to ${at} was closed${target.tls ? " (is TLS set correctly?)" : ""}`, opts);
  }
  return new AdapterError("FAILED", `${at}: ${msg}`, opts);
};
