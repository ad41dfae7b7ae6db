import { z } from "zod";
import type { FieldMeta } from "../../types";

export const MYSQL_SSL_MODES = ["disabled", "preferred", "required"] as const;

export const mysqlConfig = z.object({
  host: z
    .string()
    .trim()
    .min(1)
    .meta({ title: "Host", description: "Server name or IP address (connected over TCP).", placeholder: "db.example.com" } satisfies FieldMeta),
  port: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .default(3306)
    .meta({ title: "Port", placeholder: "3306" } satisfies FieldMeta),
  user: z
    .string()
    .trim()
    .min(1)
    .meta({
      title: "User",
      description: "Needs SELECT, SHOW VIEW, TRIGGER, EVENT and LOCK TABLES on the databases you back up. user@localhost and user@127.0.0.1 are different accounts.",
      placeholder: "backup",
    } satisfies FieldMeta),
  password: z.string().optional().meta({ title: "Password", secret: true } satisfies FieldMeta),
  ssl: z
    .enum(MYSQL_SSL_MODES)
    .default("preferred")
    .meta({
      title: "TLS",
      description: "preferred encrypts when the server offers it. required refuses plain connections (MariaDB clients then also verify the server certificate).",
      advanced: true,
    } satisfies FieldMeta),
});

export type MysqlConfig = z.output<typeof mysqlConfig>;
