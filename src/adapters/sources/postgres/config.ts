import { z } from "zod";
import type { FieldMeta } from "../../types";

export const PG_SSL_MODES = ["disable", "prefer", "require", "verify-ca", "verify-full"] as const;

export const postgresConfig = z.object({
  host: z
    .string()
    .trim()
    .min(1)
    .meta({ title: "Host", description: "Server name or IP address.", placeholder: "db.example.com" } satisfies FieldMeta),
  port: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .default(5432)
    .meta({ title: "Port", placeholder: "5432" } satisfies FieldMeta),
  user: z
    .string()
    .trim()
    .min(1)
    .meta({ title: "User", description: "A role that can read every table you back up.", placeholder: "postgres" } satisfies FieldMeta),
  password: z
    .string()
    .optional()
    .meta({ title: "Password", secret: true, description: "Leave empty for trust or peer-less setups." } satisfies FieldMeta),
  database: z
    .string()
    .trim()
    .min(1)
    .default("postgres")
    .meta({
      title: "Maintenance database",
      description: "Used to connect for listing and creating databases.",
      placeholder: "postgres",
      advanced: true,
    } satisfies FieldMeta),
  sslMode: z
    .enum(PG_SSL_MODES)
    .default("prefer")
    .meta({
      title: "SSL mode",
      description: "libpq sslmode. verify-ca and verify-full need the CA in ~/.postgresql/root.crt of the Bunker user.",
      advanced: true,
    } satisfies FieldMeta),
});

export type PostgresConfig = z.output<typeof postgresConfig>;
