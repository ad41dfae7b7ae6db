/**
 * Pure builders for libpq environments, tool argv and SQL/conninfo quoting. Connection facts travel in
 * env vars only; the one place a database name must go into argv (pg_restore's target) goes in as a
 * quoted conninfo string, so a name like "host=evil dbname=x" is a name and never a connection string.
 */
import path from "node:path";
import type { PostgresConfig } from "./config";

/** psql output separators: a record ends with NUL (-0), fields are split by the ASCII unit separator. */
export const PSQL_FIELD_SEP = "\x1f";

/**
 * The environment for every PostgreSQL tool. `database` goes into PGDATABASE, which libpq never
 * expands as a connection string (a `dbname` argument containing `=` would be).
 */
export const pgEnv = (config: PostgresConfig, opts: { database: string; tmpDir: string }): Record<string, string> => {
  const env: Record<string, string> = {
    PGHOST: config.host,
    PGPORT: String(config.port),
    PGUSER: config.user,
    PGDATABASE: opts.database,
    PGSSLMODE: config.sslMode,
    PGCONNECT_TIMEOUT: "10",
    PGAPPNAME: "bunker",
    // A ~/.pgpass of the Bunker user must not answer for a config that has no password.
    PGPASSFILE: path.join(opts.tmpDir, "no-pgpass"),
  };
  if (config.password) env.PGPASSWORD = config.password;
  return env;
};

/** psql for one statement: no psqlrc, unaligned, tuples only, quiet, stop on the first error. */
export const psqlArgs = (sql: string): string[] => [
  "-X",
  "-A",
  "-t",
  "-q",
  "-0",
  "-F",
  PSQL_FIELD_SEP,
  "-v",
  "ON_ERROR_STOP=1",
  "--no-password",
  "-c",
  sql,
];

/** pg_dump in custom format to stdout; the database comes from PGDATABASE. */
export const pgDumpArgs = (): string[] => ["-Fc", "--no-password"];

/**
 * pg_restore from stdin into `database`. `overwrite` drops the archive's objects first and runs in one
 * transaction, so a failure leaves the existing database as it was.
 */
export const pgRestoreArgs = (database: string, opts: { overwrite: boolean }): string[] => [
  "--no-owner",
  "--no-privileges",
  "--exit-on-error",
  "--no-password",
  ...(opts.overwrite ? ["--clean", "--if-exists", "--single-transaction"] : []),
  `--dbname=${conninfoParam("dbname", database)}`,
];

/**
 * A conninfo value: always single-quoted, with `\` and `'` backslash-escaped (libpq's rules), so spaces
 * and `=` stay inside the value.
 */
export const conninfoQuote = (value: string): string => `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;

export const conninfoParam = (key: string, value: string): string => `${key}=${conninfoQuote(value)}`;

/** A quoted SQL identifier: double quotes, embedded quotes doubled. */
export const quoteIdent = (name: string): string => {
  if (name.includes("\0")) throw new Error("identifier contains NUL");
  return `"${name.replace(/"/g, '""')}"`;
};

/** A SQL string literal that is right whatever standard_conforming_strings says. */
export const quoteLiteral = (value: string): string => {
  if (value.includes("\0")) throw new Error("literal contains NUL");
  const body = value.replace(/'/g, "''");
  return value.includes("\\") ? `E'${body.replace(/\\/g, "\\\\")}'` : `'${body}'`;
};
