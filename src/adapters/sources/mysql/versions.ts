/** Version strings of MySQL/MariaDB servers and client tools. */
import type { ClientFlavor } from "./args";

export type ServerVersion = { product: "MariaDB" | "MySQL"; text: string };

/**
 * From SELECT VERSION(): "10.11.19-MariaDB-0+deb12u1" → MariaDB 10.11.19, "8.0.36-0ubuntu0.22.04.1" →
 * MySQL 8.0.36, and the old replication prefix "5.5.5-10.6.4-MariaDB" → MariaDB 10.6.4.
 */
export const parseServerVersion = (version: string): ServerVersion => {
  const v = version.trim().replace(/^5\.5\.5-/, "");
  const num = /^\d+(?:\.\d+){0,2}/.exec(v)?.[0] ?? v;
  return { product: /mariadb/i.test(v) ? "MariaDB" : "MySQL", text: num };
};

export const displayServerVersion = (v: ServerVersion): string => `${v.product} ${v.text}`;

/**
 * From `--version`:
 * - "mariadb-dump  Ver 10.19 Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)"
 * - "mariadb-dump from 11.4.2-MariaDB, client 10.19 for Linux (x86_64)"
 * - "mysqldump  Ver 8.0.36 for Linux on x86_64 (MySQL Community Server - GPL)"
 * - "mysqldump  Ver 10.13 Distrib 5.7.44, for Linux (x86_64)"
 */
export const parseClientVersion = (output: string): { flavor: ClientFlavor; text: string } | null => {
  const line = output.trim();
  if (!line) return null;
  if (/mariadb/i.test(line)) {
    const m = /(\d+\.\d+\.\d+)-MariaDB/i.exec(line);
    return m?.[1] ? { flavor: "mariadb", text: m[1] } : null;
  }
  const m = /Distrib (\d+\.\d+\.\d+)/.exec(line) ?? /Ver (\d+\.\d+\.\d+)/.exec(line);
  return m?.[1] ? { flavor: "mysql", text: m[1] } : null;
};
