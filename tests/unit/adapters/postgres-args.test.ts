import { describe, expect, it } from "vitest";
import {
  conninfoQuote,
  pgDumpArgs,
  pgEnv,
  pgRestoreArgs,
  psqlArgs,
  quoteIdent,
  quoteLiteral,
} from "@/adapters/sources/postgres/args";
import { type PostgresConfig, postgresConfig } from "@/adapters/sources/postgres/config";

const SECRET = "s3cr3t-'\"\\ pw=x";
const config: PostgresConfig = postgresConfig.parse({ host: "db.internal", port: 6543, user: "backup", password: SECRET });

/**
 * libpq's conninfo_parse (fe-connect.c), reduced to the grammar: `key = value` pairs separated by
 * whitespace; a value is single-quoted (backslash escapes the next character) or runs to the next space.
 */
const parseConninfo = (s: string): Record<string, string> => {
  const out: Record<string, string> = {};
  let i = 0;
  const ws = () => {
    while (i < s.length && /\s/.test(s[i] as string)) i++;
  };
  while (true) {
    ws();
    if (i >= s.length) return out;
    let key = "";
    while (i < s.length && s[i] !== "=" && !/\s/.test(s[i] as string)) key += s[i++];
    ws();
    if (s[i] !== "=") throw new Error(`missing "=" after "${key}"`);
    i++;
    ws();
    let value = "";
    if (s[i] === "'") {
      i++;
      while (true) {
        if (i >= s.length) throw new Error("unterminated quoted string");
        if (s[i] === "\\") {
          value += s[i + 1] ?? "";
          i += 2;
        } else if (s[i] === "'") {
          i++;
          break;
        } else value += s[i++];
      }
    } else {
      while (i < s.length && !/\s/.test(s[i] as string)) {
        if (s[i] === "\\" && i + 1 < s.length) i++;
        value += s[i++];
      }
    }
    out[key] = value;
  }
};

describe("pgEnv carries the connection", () => {
  it("puts every connection fact in libpq env vars, the database in PGDATABASE", () => {
    const env = pgEnv(config, { database: "host=evil dbname=x", tmpDir: "/tmp/job-1" });
    expect(env).toMatchObject({
      PGHOST: "db.internal",
      PGPORT: "6543",
      PGUSER: "backup",
      PGPASSWORD: SECRET,
      PGDATABASE: "host=evil dbname=x",
      PGSSLMODE: "prefer",
      PGCONNECT_TIMEOUT: "10",
      PGAPPNAME: "bunker",
    });
    expect(env.PGPASSFILE?.startsWith("/tmp/job-1/")).toBe(true);
  });

  it("sets no PGPASSWORD when the config has none (or an empty one)", () => {
    expect(pgEnv({ ...config, password: undefined }, { database: "d", tmpDir: "/t" })).not.toHaveProperty("PGPASSWORD");
    expect(pgEnv({ ...config, password: "" }, { database: "d", tmpDir: "/t" })).not.toHaveProperty("PGPASSWORD");
  });

  it("defaults the maintenance database, port and sslMode", () => {
    const c = postgresConfig.parse({ host: "h", user: "u" });
    expect(c).toMatchObject({ port: 5432, database: "postgres", sslMode: "prefer" });
    expect(postgresConfig.safeParse({ host: "h", user: "u", sslMode: "sometimes" }).success).toBe(false);
  });
});

describe("argv never carries a secret or a connection string", () => {
  const argvs = [psqlArgs("SELECT 1"), pgDumpArgs(), pgRestoreArgs("target_db", { overwrite: false }), pgRestoreArgs("t", { overwrite: true })];

  it.each(argvs.map((a) => [a.join(" "), a]))("%s", (_label, argv) => {
    const joined = argv.join("\0");
    expect(joined).not.toContain(SECRET);
    expect(joined).not.toContain("s3cr3t");
    expect(joined).not.toContain("db.internal");
  });

  it("pg_dump gets no database argument: it comes from PGDATABASE", () => {
    expect(pgDumpArgs()).toEqual(["-Fc", "--no-password"]);
  });

  it("psql runs without psqlrc, tuples only, and stops on errors", () => {
    const a = psqlArgs("SELECT 1");
    expect(a).toEqual(expect.arrayContaining(["-X", "-A", "-t", "-q", "-0", "ON_ERROR_STOP=1", "--no-password"]));
    expect(a.slice(-2)).toEqual(["-c", "SELECT 1"]);
  });
});

describe("conninfo quoting", () => {
  it.each([
    ["plain", "'plain'"],
    ["it's", "'it\\'s'"],
    ["back\\slash", "'back\\\\slash'"],
    ["host=evil dbname=x", "'host=evil dbname=x'"],
    ["", "''"],
  ])("%j → %s", (value, quoted) => {
    expect(conninfoQuote(value)).toBe(quoted);
  });

  it.each(["host=evil dbname=x", "a b", "x' host='evil", "tail\\", "\\' sslmode=disable", "ü 日本 ='\\"])(
    "pg_restore's target %j parses back to exactly one dbname key",
    (name) => {
      const arg = pgRestoreArgs(name, { overwrite: false }).find((a) => a.startsWith("--dbname="));
      expect(arg).toBeDefined();
      const conninfo = (arg as string).slice("--dbname=".length);
      expect(conninfo).toContain("=");
      expect(parseConninfo(conninfo)).toEqual({ dbname: name });
    },
  );

  it("an unquoted name would have been expanded (the parser is not trivially permissive)", () => {
    expect(parseConninfo("dbname=host=evil dbname=x")).not.toEqual({ dbname: "host=evil dbname=x" });
    expect(parseConninfo("host=evil dbname=x")).toEqual({ host: "evil", dbname: "x" });
  });
});

describe("pg_restore options", () => {
  it("a fresh restore skips owners and privileges and stops at the first error", () => {
    const a = pgRestoreArgs("db", { overwrite: false });
    expect(a).toEqual(expect.arrayContaining(["--no-owner", "--no-privileges", "--exit-on-error", "--no-password"]));
    expect(a).not.toContain("--clean");
    expect(a).not.toContain("--single-transaction");
  });

  it("overwrite drops the archive's objects first, all in one transaction", () => {
    expect(pgRestoreArgs("db", { overwrite: true })).toEqual(expect.arrayContaining(["--clean", "--if-exists", "--single-transaction"]));
  });
});

describe("SQL quoting", () => {
  it.each([
    ["plain", '"plain"'],
    ['we"ird', '"we""ird"'],
    ['"; DROP DATABASE x; --', '"""; DROP DATABASE x; --"'],
  ])("identifier %j → %s", (name, quoted) => {
    expect(quoteIdent(name)).toBe(quoted);
  });

  it.each([
    ["plain", "'plain'"],
    ["it's", "'it''s'"],
    ["a\\b", "E'a\\\\b'"],
    ["a\\'b", "E'a\\\\''b'"],
  ])("literal %j → %s", (value, quoted) => {
    expect(quoteLiteral(value)).toBe(quoted);
  });

  it("refuses NUL", () => {
    expect(() => quoteIdent("a\0b")).toThrow();
    expect(() => quoteLiteral("a\0b")).toThrow();
  });
});
