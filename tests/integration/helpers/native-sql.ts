/** The databases' own command-line clients as an admin, outside the adapters: to seed, inspect and compare. */
import { execFileSync } from "node:child_process";
import { env } from "./services";

/** psql with the PG* environment of the test services. */
export const psql = (database: string, sql: string): string =>
  execFileSync("psql", ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql], { encoding: "utf8", env: process.env }).trim();

const myEnv = () => ({ ...process.env, MYSQL_PWD: env("MYSQL_PASSWORD") });
/** The connection options of the mariadb tools (the password goes in MYSQL_PWD). */
export const mariadbArgs = () => ["--no-defaults", "--protocol=TCP", "-h", env("MYSQL_HOST"), "-P", env("MYSQL_PORT"), "-u", env("MYSQL_USER"), "--skip-ssl"];

/** The mariadb client (password through MYSQL_PWD, not argv). */
export const mysql = (sql: string, database?: string): string =>
  execFileSync("mariadb", [...mariadbArgs(), "-N", "-B", ...(database ? [database] : []), "-e", sql], { encoding: "utf8", env: myEnv() }).trim();

export const sqlite = (file: string, sql: string): string => execFileSync("sqlite3", ["-batch", file, sql], { encoding: "utf8" }).trim();
