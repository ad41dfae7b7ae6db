/**
 * PostgreSQL version parsing and the one compatibility rule that matters: pg_dump refuses a server whose
 * major version is newer than its own.
 */

export type PgVersion = {
  /** server_version_num style: 150018, 90624 */
  num: number;
  /** "15", "9.6" */
  major: string;
  /** Comparable major: 1500 for 15, 906 for 9.6 */
  majorKey: number;
  /** "15.18", "9.6.24", "17beta1" */
  text: string;
};

const fromNum = (num: number, text: string): PgVersion => {
  const isModern = num >= 100000;
  const major = isModern ? String(Math.floor(num / 10000)) : `${Math.floor(num / 10000)}.${Math.floor(num / 100) % 100}`;
  const majorKey = isModern ? Math.floor(num / 10000) * 100 : Math.floor(num / 10000) * 100 + (Math.floor(num / 100) % 100);
  return { num, major, majorKey, text };
};

/** From `server_version_num` and `server_version` ("15.18 (Debian 15.18-0+deb12u1)"). */
export const parseServerVersion = (versionNum: string, versionText: string): PgVersion => {
  const num = Number.parseInt(versionNum.trim(), 10);
  if (!Number.isFinite(num) || num < 10000) throw new Error(`unexpected server_version_num ${JSON.stringify(versionNum)}`);
  const text = versionText.trim().split(/\s+/)[0] || String(num);
  return fromNum(num, text);
};

/** A version string such as "15.18", "9.6.24", "17beta1", "18devel" (as printed after "(PostgreSQL)"). */
export const parseVersionText = (text: string): PgVersion | null => {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?([a-z]+\d*)?/i.exec(text.trim());
  if (!m) return null;
  const a = Number(m[1]);
  const b = m[2] === undefined ? 0 : Number(m[2]);
  const c = m[3] === undefined ? 0 : Number(m[3]);
  const num = a >= 10 ? a * 10000 + b : a * 10000 + b * 100 + c;
  return fromNum(num, m[0]);
};

/** `pg_dump --version` → "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" */
export const parseToolVersion = (output: string): PgVersion | null => {
  const m = /\(PostgreSQL\)\s+(\S+)/.exec(output);
  return m?.[1] ? parseVersionText(m[1]) : null;
};

export const displayServerVersion = (v: PgVersion): string => `PostgreSQL ${v.text}`;

/** The user-facing refusal when pg_dump is older than the server, or null when the pair works. */
export const dumpCompatError = (server: PgVersion, tool: PgVersion, toolPath: string): string | null => {
  if (tool.majorKey >= server.majorKey) return null;
  return (
    `PostgreSQL ${server.major} server needs pg_dump ${server.major} or newer; this host has pg_dump ${tool.text} (${toolPath}). ` +
    `Install the PostgreSQL ${server.major} client tools (postgresql-client-${server.major}) or use a Bunker image that ships them.`
  );
};

/**
 * Debian-style versioned clients live in /usr/lib/postgresql/<N>/bin. The majors that can handle the
 * server (N ≥ server major), highest first; empty means "use the tool on PATH". Without a known server
 * every installed major qualifies.
 */
export const usableClientMajors = (installed: readonly number[], server?: PgVersion): number[] =>
  installed.filter((n) => Number.isInteger(n) && (!server || n * 100 >= server.majorKey)).sort((a, b) => b - a);
