/**
 * The one typed registry. Adding an adapter is its folder plus one line here: the form, validation,
 * secret handling and docs table come from its config schema. Implementations load lazily, so listing
 * adapters (or building the form) never loads ssh2, the AWS SDK or a database driver.
 */
import type { DestinationEntry, SourceEntry } from "./types";
import { localConfig } from "./destinations/local/config";
import { s3Config } from "./destinations/s3/config";
import { sftpConfig } from "./destinations/sftp/config";
import { mysqlConfig } from "./sources/mysql/config";
import { postgresConfig } from "./sources/postgres/config";
import { redisConfig } from "./sources/redis/config";
import { sqliteConfig } from "./sources/sqlite/config";

export const SOURCES = {
  postgres: {
    kind: "source", engine: "postgres", label: "PostgreSQL", configSchema: postgresConfig,
    description: "pg_dump custom format, restored with pg_restore.",
    load: async () => (await import("./sources/postgres")).postgresSource,
  },
  mysql: {
    kind: "source", engine: "mysql", label: "MySQL / MariaDB", configSchema: mysqlConfig,
    description: "mariadb-dump or mysqldump in one transaction, with routines, triggers and events.",
    load: async () => (await import("./sources/mysql")).mysqlSource,
  },
  sqlite: {
    kind: "source", engine: "sqlite", label: "SQLite", configSchema: sqliteConfig,
    description: "A consistent online dump of a database file on this host.",
    load: async () => (await import("./sources/sqlite")).sqliteSource,
  },
  redis: {
    kind: "source", engine: "redis", label: "Redis / Valkey", configSchema: redisConfig,
    description: "Every key with its TTL, restored into a running server. No access to its files needed.",
    load: async () => (await import("./sources/redis")).redisSource,
  },
} as const satisfies Record<string, SourceEntry>;

export const DESTINATIONS = {
  local: {
    kind: "destination", label: "Local folder", configSchema: localConfig,
    description: "A directory on this host or a mounted volume.",
    load: async () => (await import("./destinations/local")).localDestination,
  },
  s3: {
    kind: "destination", label: "S3-compatible", configSchema: s3Config,
    description: "AWS S3, Cloudflare R2, MinIO, Backblaze B2, Wasabi and other S3 APIs.",
    load: async () => (await import("./destinations/s3")).s3Destination,
  },
  sftp: {
    kind: "destination", label: "SFTP", configSchema: sftpConfig,
    description: "Any SSH server, with a password or a private key and a pinned host key.",
    load: async () => (await import("./destinations/sftp")).sftpDestination,
  },
} as const satisfies Record<string, DestinationEntry>;

export type SourceId = keyof typeof SOURCES;
export type DestinationId = keyof typeof DESTINATIONS;

export const isSourceId = (id: string): id is SourceId => Object.hasOwn(SOURCES, id);
export const isDestinationId = (id: string): id is DestinationId => Object.hasOwn(DESTINATIONS, id);

export const sourceEntry = (id: string): SourceEntry | undefined => (isSourceId(id) ? (SOURCES[id] as SourceEntry) : undefined);
export const destinationEntry = (id: string): DestinationEntry | undefined =>
  isDestinationId(id) ? (DESTINATIONS[id] as DestinationEntry) : undefined;
