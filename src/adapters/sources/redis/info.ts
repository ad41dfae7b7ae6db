/**
 * Redis databases are numbered; Bunker names them "db0", "db1" … like INFO keyspace does. Parsing of
 * INFO replies. Pure functions, no I/O.
 */
import { AdapterError } from "../../errors";

/** Redis allows 16 databases by default; servers configured with more keep the same names. */
const DB_NAME = /^db(0|[1-9]\d{0,4})$/;

export const dbName = (index: number): string => `db${index}`;

/** "db3" → 3; anything else is refused before a connection is made. */
export const parseDbName = (name: string): number => {
  const m = DB_NAME.exec(name);
  if (!m) throw new AdapterError("INVALID_INPUT", `invalid Redis database ${JSON.stringify(name.slice(0, 80))}: use db0 … db15`);
  return Number(m[1]);
};

/** "# Server\r\nredis_version:7.0.15\r\n…" → { redis_version: "7.0.15", … } */
export const parseInfo = (info: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const raw of info.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const i = line.indexOf(":");
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
};

/** "Redis 7.0.15", or "Valkey 8.0.1" when INFO server says the server is Valkey. */
export const serverVersionFromInfo = (info: string): string => {
  const f = parseInfo(info);
  if (f.valkey_version) return `Valkey ${f.valkey_version}`;
  if (f.server_name?.toLowerCase() === "valkey") return `Valkey ${f.redis_version ?? "?"}`;
  return `Redis ${f.redis_version ?? "?"}`;
};

export type KeyspaceEntry = { db: number; keys: number; expires: number };

/** "db0:keys=12,expires=1,avg_ttl=0" lines of INFO keyspace, in index order. */
export const keyspaceFromInfo = (info: string): KeyspaceEntry[] => {
  const out: KeyspaceEntry[] = [];
  for (const [k, v] of Object.entries(parseInfo(info))) {
    const m = /^db(\d+)$/.exec(k);
    if (!m) continue;
    const fields = Object.fromEntries(v.split(",").map((p) => p.split("=") as [string, string]));
    out.push({ db: Number(m[1]), keys: Number(fields.keys ?? 0), expires: Number(fields.expires ?? 0) });
  }
  return out.sort((a, b) => a.db - b.db);
};

/** db0 always (it is where a fresh server writes), plus every database that holds keys. */
export const databasesFromKeyspace = (entries: KeyspaceEntry[]): string[] => {
  const set = new Set<number>([0]);
  for (const e of entries) if (e.keys > 0) set.add(e.db);
  return [...set].sort((a, b) => a - b).map(dbName);
};

/** "20 000 keys in 3 databases" */
export const describeKeyspace = (entries: KeyspaceEntry[]): string => {
  const used = entries.filter((e) => e.keys > 0);
  const keys = used.reduce((n, e) => n + e.keys, 0);
  if (keys === 0) return "no keys";
  return `${keys.toLocaleString("en-US")} ${keys === 1 ? "key" : "keys"} in ${used.length} ${used.length === 1 ? "database" : "databases"}`;
};
