import { describe, expect, it } from "vitest";
import {
  connectionArgs,
  dumpArgs,
  hexLiteral,
  optionFileContent,
  optionFileQuote,
  queryArgs,
  quoteIdent,
  restoreArgs,
  sslArgs,
} from "@/adapters/sources/mysql/args";
import { type MysqlConfig, mysqlConfig } from "@/adapters/sources/mysql/config";

const SECRET = `pa"ss\\w#rd; 'x' = y `;
const config: MysqlConfig = mysqlConfig.parse({ host: "db.internal", user: "backup", password: SECRET });

/**
 * The value half of MariaDB/MySQL's option-file parser (mysys my_default.c): "#" outside quotes starts
 * a comment, surrounding spaces are trimmed, one pair of matching outer quotes is removed, then
 * \n \t \r \b \s \" \' \\ are unescaped (any other backslash is kept).
 */
const parseOptionLine = (line: string): { key: string; value: string } => {
  let quote = "";
  let escape = false;
  let end = line.length;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if ((c === "'" || c === '"') && !escape) {
      if (!quote) quote = c;
      else if (quote === c) quote = "";
    }
    if (!quote && c === "#") {
      end = i;
      break;
    }
    escape = Boolean(quote) && c === "\\" && !escape;
  }
  const text = line.slice(0, end);
  const eq = text.indexOf("=");
  const key = text.slice(0, eq).trim();
  let value = text.slice(eq + 1).replace(/^\s+|\s+$/g, "");
  if ((value[0] === '"' || value[0] === "'") && value.length > 1 && value[0] === value[value.length - 1]) value = value.slice(1, -1);
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === "\\" && i !== value.length - 1) {
      const n = value[++i] as string;
      const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", s: " ", '"': '"', "'": "'", "\\": "\\" };
      out += map[n] ?? `\\${n}`;
    } else out += c;
  }
  return { key, value: out };
};

describe("option file", () => {
  it.each([
    "plain",
    SECRET,
    "ends with backslash\\",
    "  spaces around  ",
    "# starts like a comment",
    "line\nbreak\ttab\rcr",
    'only"quote',
    "'single quoted'",
    "ünïcødé 密码 🔑",
    "",
  ])("%j survives the parser unchanged", (value) => {
    const line = `password=${optionFileQuote(value)}`;
    expect(line).not.toContain("\n");
    expect(parseOptionLine(line)).toEqual({ key: "password", value });
  });

  it("holds user, password, host and port in a [client] group", () => {
    const lines = optionFileContent({ ...config, port: 3307 }).split("\n");
    expect(lines[0]).toBe("[client]");
    const values = Object.fromEntries(lines.slice(1).filter(Boolean).map((l) => [parseOptionLine(l).key, parseOptionLine(l).value]));
    expect(values).toEqual({ user: "backup", password: SECRET, host: "db.internal", port: "3307" });
  });

  it("writes no password line without a password", () => {
    expect(optionFileContent({ ...config, password: undefined })).not.toContain("password");
    expect(optionFileContent({ ...config, password: "" })).not.toContain("password");
  });

  it("refuses NUL (the parser would cut the value)", () => {
    expect(() => optionFileQuote("a\0b")).toThrow(/NUL/);
  });

  it("defaults port and TLS", () => {
    expect(mysqlConfig.parse({ host: "h", user: "u" })).toMatchObject({ port: 3306, ssl: "preferred" });
  });
});

describe("argv", () => {
  const base = connectionArgs("/tmp/job/mysql-1.cnf", config, "mariadb");
  const all = [base, queryArgs(base, "SELECT 1", "db1"), dumpArgs(base, "db1", "mariadb"), dumpArgs(base, "db1", "mysql"), restoreArgs(base, "db1")];

  it("starts with --defaults-extra-file and connects over TCP", () => {
    for (const argv of all) {
      expect(argv[0]).toBe("--defaults-extra-file=/tmp/job/mysql-1.cnf");
      expect(argv).toContain("--protocol=TCP");
    }
  });

  it("never carries the password, the user or the host", () => {
    for (const argv of all) {
      const joined = argv.join("\0");
      expect(joined).not.toContain("pa\"ss");
      expect(joined).not.toContain("w#rd");
      expect(joined).not.toMatch(/--password|-p\b|db\.internal|backup/);
    }
  });

  it("dumps one database (no --databases: no CREATE DATABASE/USE in the output) with everything in it", () => {
    const a = dumpArgs(base, "shop", "mariadb");
    expect(a).toEqual(
      expect.arrayContaining([
        "--single-transaction",
        "--routines",
        "--triggers",
        "--events",
        "--hex-blob",
        "--no-tablespaces",
        "--default-character-set=utf8mb4",
      ]),
    );
    expect(a).not.toContain("--databases");
    expect(a).not.toContain("--all-databases");
    expect(a.at(-1)).toBe("shop");
    expect(a).not.toContain("--set-gtid-purged=OFF");
    expect(dumpArgs(base, "shop", "mysql")).toContain("--set-gtid-purged=OFF");
  });

  it("restores into the named database, stopping at the first error", () => {
    const a = restoreArgs(base, "target");
    expect(a).toContain("--database=target");
    expect(a).toContain("--default-character-set=utf8mb4");
    expect(a).not.toContain("--force");
  });

  it("queries without column names, in batch mode", () => {
    expect(queryArgs(base, "SELECT 1")).toEqual(expect.arrayContaining(["-N", "-B", "--connect-timeout=10"]));
    expect(queryArgs(base, "SELECT 1").slice(-2)).toEqual(["-e", "SELECT 1"]);
    expect(queryArgs(base, "SELECT 1")).not.toContainEqual(expect.stringMatching(/^--database=/));
  });
});

describe("TLS flags", () => {
  it.each([
    ["disabled", "mariadb", ["--skip-ssl"]],
    ["preferred", "mariadb", ["--ssl", "--disable-ssl-verify-server-cert"]],
    ["required", "mariadb", ["--ssl", "--ssl-verify-server-cert"]],
    ["disabled", "mysql", ["--ssl-mode=DISABLED"]],
    ["preferred", "mysql", ["--ssl-mode=PREFERRED"]],
    ["required", "mysql", ["--ssl-mode=REQUIRED"]],
  ] as const)("%s with %s clients", (mode, flavor, args) => {
    expect(sslArgs(mode, flavor)).toEqual(args);
  });
});

describe("SQL quoting", () => {
  it.each([
    ["plain", "`plain`"],
    ["we`ird", "`we``ird`"],
    ["`; DROP DATABASE x; --", "```; DROP DATABASE x; --`"],
  ])("identifier %j → %s", (name, quoted) => {
    expect(quoteIdent(name)).toBe(quoted);
  });

  it("strings become hex literals (no quoting rules to get wrong)", () => {
    expect(hexLiteral("ab")).toBe("0x6162");
    expect(hexLiteral("x'; DROP")).toMatch(/^0x[0-9a-f]+$/);
    expect(hexLiteral("é")).toBe("0xc3a9");
  });
});
