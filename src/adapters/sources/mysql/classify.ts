/** Turns mariadb / mysql / mariadb-dump stderr into one clear line with an AdapterError code. */
import type { AdapterErrorCode } from "../../errors";

export type ClassifyContext = { host: string; port: number; user: string; tool: string };
export type Classified = { code: AdapterErrorCode; message: string };

/** The first "ERROR …" / "tool: Got error …" line, without the numeric prefix. */
export const essentialLine = (stderr: string): string => {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !/^(mariadb|mysql)[\w-]*: \[Warning\]/i.test(l));
  const first = lines.find((l) => /error/i.test(l)) ?? lines[0] ?? "";
  return first
    .replace(/^ERROR \d+ \([\w\d]+\)( at line \d+)?:\s*/, "")
    .replace(/^[\w.-]+: (Got error|Error): (\d+: )?/i, "")
    .replace(/^"(.*)"(.*)$/, "$1$2")
    .trim();
};

export const classifyMysqlError = (stderr: string, ctx: ClassifyContext): Classified | null => {
  const where = `${ctx.host}:${ctx.port}`;
  let m: RegExpExecArray | null;
  if ((m = /Access denied for user '([^']*)'@'([^']*)' \(using password: (YES|NO)\)/i.exec(stderr))) {
    const who = `${m[1]}@${m[2]}`;
    return {
      code: "AUTH_FAILED",
      message:
        m[3] === "YES"
          ? `wrong password for user ${m[1]} on ${where} (the server saw ${who}; that account may not exist)`
          : `user ${m[1]} needs a password on ${where} (the server saw ${who})`,
    };
  }
  if ((m = /Access denied for user '([^']*)'@'([^']*)' to database '([^']*)'/i.exec(stderr))) {
    return { code: "PERMISSION_DENIED", message: `user ${m[1]}@${m[2]} may not use database ${m[3]} on ${where}` };
  }
  if (/Unknown (MySQL |MariaDB )?server host/i.test(stderr)) {
    return { code: "UNREACHABLE", message: `cannot reach ${where}: unknown host name "${ctx.host}"` };
  }
  if (/Can't connect to( local)? (MySQL |MariaDB )?server/i.test(stderr)) {
    const errno = /\((\d+)\)\s*$/m.exec(stderr)?.[1];
    const why = errno === "111" || errno === "115" ? "connection refused" : errno === "110" ? "connection timed out" : "no connection";
    return { code: "UNREACHABLE", message: `cannot reach ${where}: ${why} (is the server running and listening on TCP there?)` };
  }
  if (/Lost connection to (MySQL |MariaDB )?server/i.test(stderr)) {
    return { code: "UNREACHABLE", message: `lost the connection to ${where}: ${essentialLine(stderr)}` };
  }
  if ((m = /Host '([^']*)' is not allowed to connect/i.exec(stderr))) {
    return { code: "PERMISSION_DENIED", message: `${where} does not accept connections from ${m[1]} for any user` };
  }
  if ((m = /Unknown database '([^']*)'/i.exec(stderr))) {
    return { code: "NOT_FOUND", message: `database ${m[1]} does not exist on ${where}` };
  }
  if (/SSL|TLS/.test(stderr) && /error|required|certificate/i.test(stderr)) {
    return { code: "FAILED", message: `TLS problem connecting to ${where}: ${essentialLine(stderr)}` };
  }
  if (/command denied|Access denied; you need|privilege/i.test(stderr)) {
    return { code: "PERMISSION_DENIED", message: `${ctx.tool} on ${where}: ${essentialLine(stderr)}` };
  }
  return null;
};
