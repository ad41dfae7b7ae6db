/**
 * Pure builders for the MySQL/MariaDB client tools. The password only ever goes into a 0600 option file
 * passed as the first argument (--defaults-extra-file); argv carries no secret.
 */
import { AdapterError } from "../../errors";
import type { MysqlConfig } from "./config";

/** "mariadb" for MariaDB's clients (mariadb, mariadb-dump, and mysql/mysqldump symlinked to them), "mysql" for Oracle's. */
export type ClientFlavor = "mariadb" | "mysql";

const ESCAPES: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * A value for a MySQL option file: double-quoted (so #, ;, = and surrounding spaces are kept) with
 * backslash, quote and line breaks escaped as the option-file parser expects.
 */
export const optionFileQuote = (value: string): string => {
  if (value.includes("\0")) throw new AdapterError("INVALID_INPUT", "option values cannot contain NUL characters");
  return `"${value.replace(/[\\"\n\r\t]/g, (c) => ESCAPES[c] ?? c)}"`;
};

export const optionFileContent = (config: MysqlConfig): string =>
  [
    "[client]",
    `user=${optionFileQuote(config.user)}`,
    ...(config.password ? [`password=${optionFileQuote(config.password)}`] : []),
    `host=${optionFileQuote(config.host)}`,
    `port=${config.port}`,
    "",
  ].join("\n");

/**
 * TLS flags. Oracle clients take --ssl-mode. MariaDB clients have no "require without verifying": there
 * `required` means --ssl-verify-server-cert, and `preferred` turns verification off explicitly, because
 * MariaDB 11.4+ clients verify by default.
 */
export const sslArgs = (mode: MysqlConfig["ssl"], flavor: ClientFlavor): string[] => {
  if (flavor === "mysql") return [`--ssl-mode=${mode.toUpperCase()}`];
  switch (mode) {
    case "disabled":
      return ["--skip-ssl"];
    case "preferred":
      return ["--ssl", "--disable-ssl-verify-server-cert"];
    case "required":
      return ["--ssl", "--ssl-verify-server-cert"];
    default: {
      const never: never = mode;
      throw new Error(`unknown ssl mode ${String(never)}`);
    }
  }
};

/** Options every tool gets; --defaults-extra-file must come first or the tools ignore it. */
export const connectionArgs = (optionFile: string, config: MysqlConfig, flavor: ClientFlavor): string[] => [
  `--defaults-extra-file=${optionFile}`,
  // root@localhost (socket) and root@127.0.0.1 (TCP) are different accounts: always the configured host over TCP.
  "--protocol=TCP",
  ...sslArgs(config.ssl, flavor),
];

/** The mariadb/mysql client for one query: no headers, tab-separated batch output. */
export const queryArgs = (base: readonly string[], sql: string, database?: string): string[] => [
  ...base,
  "--connect-timeout=10",
  "--default-character-set=utf8mb4",
  "-N",
  "-B",
  ...(database ? [`--database=${database}`] : []),
  "-e",
  sql,
];

/**
 * One database without --databases, so the dump has no CREATE DATABASE / USE and restores into any
 * name. The name is checked by assertDatabaseName first (never starts with "-").
 */
export const dumpArgs = (base: readonly string[], database: string, flavor: ClientFlavor): string[] => [
  ...base,
  "--single-transaction",
  "--routines",
  "--triggers",
  "--events",
  "--hex-blob",
  "--no-tablespaces",
  "--default-character-set=utf8mb4",
  "--max-allowed-packet=1G",
  // Oracle mysqldump against a GTID server would otherwise write SET @@GLOBAL.GTID_PURGED, which breaks restores.
  ...(flavor === "mysql" ? ["--set-gtid-purged=OFF"] : []),
  database,
];

/** The client reading a dump from stdin into `database`; it stops at the first error (no --force). */
export const restoreArgs = (base: readonly string[], database: string): string[] => [
  ...base,
  "--connect-timeout=10",
  "--default-character-set=utf8mb4",
  "--max-allowed-packet=1G",
  `--database=${database}`,
];

/** A quoted identifier: backticks, embedded backticks doubled. */
export const quoteIdent = (name: string): string => {
  if (name.includes("\0")) throw new AdapterError("INVALID_INPUT", "identifiers cannot contain NUL characters");
  return `\`${name.replace(/`/g, "``")}\``;
};

/** A string as a hex literal: right whatever sql_mode says about backslashes, and compared byte for byte. */
export const hexLiteral = (value: string): string => (value === "" ? "''" : `0x${Buffer.from(value, "utf8").toString("hex")}`);
