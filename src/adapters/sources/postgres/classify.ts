/**
 * Turns libpq / psql / pg_dump / pg_restore stderr into one clear line with an AdapterError code.
 * Messages name the host, port, user or database, never the password.
 */
import type { AdapterErrorCode } from "../../errors";

export type ClassifyContext = { host: string; port: number; user: string; database?: string; tool: string };
export type Classified = { code: AdapterErrorCode; message: string };

/** The first line that says what went wrong, without the "tool: error: connection to server … failed:" noise. */
export const essentialLine = (stderr: string): string => {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !/^(HINT|DETAIL|CONTEXT|LINE \d+):/.test(l) && !/^\^$/.test(l));
  const first = lines.find((l) => /error|fatal|failed|could not/i.test(l)) ?? lines[0] ?? "";
  return first
    .replace(/^[\w.-]+:\s+(error|warning):\s+/i, "")
    .replace(/^connection to server (at|on) .*? failed:\s*/i, "")
    .replace(/^(FATAL|ERROR):\s+/, "")
    .trim();
};

/** A recognised connection/auth/version failure, or null when the text is some other tool error. */
export const classifyPgError = (stderr: string, ctx: ClassifyContext): Classified | null => {
  const where = `${ctx.host}:${ctx.port}`;
  let m: RegExpExecArray | null;
  if (/could not translate host name/i.test(stderr)) {
    return { code: "UNREACHABLE", message: `cannot reach ${where}: unknown host name "${ctx.host}"` };
  }
  if (/Connection refused/i.test(stderr)) {
    return { code: "UNREACHABLE", message: `cannot reach ${where}: connection refused (is PostgreSQL running and accepting TCP connections there?)` };
  }
  if (/timeout expired|timed out/i.test(stderr)) {
    return { code: "UNREACHABLE", message: `cannot reach ${where}: connection timed out` };
  }
  if (/No route to host|Network is unreachable|Name or service not known|Temporary failure in name resolution/i.test(stderr)) {
    return { code: "UNREACHABLE", message: `cannot reach ${where}: ${essentialLine(stderr)}` };
  }
  if ((m = /password authentication failed for user "([^"]*)"/i.exec(stderr))) {
    return { code: "AUTH_FAILED", message: `wrong password for user ${m[1]} on ${where} (or the user does not exist)` };
  }
  if (/no password supplied/i.test(stderr)) {
    return { code: "AUTH_FAILED", message: `user ${ctx.user} needs a password on ${where}` };
  }
  if ((m = /role "([^"]*)" does not exist/i.exec(stderr))) {
    return { code: "AUTH_FAILED", message: `user ${m[1]} does not exist on ${where}` };
  }
  if (/no pg_hba\.conf entry/i.test(stderr)) {
    return { code: "PERMISSION_DENIED", message: `${where} does not accept user ${ctx.user} from this host (pg_hba.conf): ${essentialLine(stderr)}` };
  }
  if ((m = /database "([^"]*)" does not exist/i.exec(stderr))) {
    return { code: "NOT_FOUND", message: `database ${m[1]} does not exist on ${where}` };
  }
  if (/server does not support SSL|SSL was required|SSL error|SSL SYSCALL|certificate verify failed|root certificate file/i.test(stderr)) {
    return { code: "FAILED", message: `SSL problem connecting to ${where}: ${essentialLine(stderr)}` };
  }
  if (/server version mismatch|aborting because of server version mismatch/i.test(stderr)) {
    return { code: "VERSION_MISMATCH", message: `${ctx.tool}: ${essentialLine(stderr)}` };
  }
  if (/permission denied|must be owner|must be superuser|must have CREATEDB/i.test(stderr)) {
    return { code: "PERMISSION_DENIED", message: `${ctx.tool} on ${where}: ${essentialLine(stderr)}` };
  }
  if (/too many connections|the database system is (starting up|shutting down|in recovery mode)/i.test(stderr)) {
    return { code: "UNREACHABLE", message: `${where} refused the connection: ${essentialLine(stderr)}` };
  }
  return null;
};
