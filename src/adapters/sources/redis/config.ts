import { z } from "zod";
import type { FieldMeta } from "../../types";

export const redisConfig = z.object({
  host: z
    .string()
    .trim()
    .min(1)
    .meta({ title: "Host", description: "Server name or IP address.", placeholder: "redis.example.com" } satisfies FieldMeta),
  port: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .default(6379)
    .meta({ title: "Port", placeholder: "6379" } satisfies FieldMeta),
  username: z
    .string()
    .trim()
    .optional()
    .meta({ title: "Username", description: "Only for Redis 6+ ACL users; leave empty for the default user.", placeholder: "default" } satisfies FieldMeta),
  password: z
    .string()
    .optional()
    .meta({ title: "Password", secret: true, description: "The requirepass or ACL password; leave empty if the server has none." } satisfies FieldMeta),
  tls: z
    .boolean()
    .default(false)
    .meta({ title: "Use TLS", description: "Connect with TLS (rediss://), verifying the server certificate.", advanced: true } satisfies FieldMeta),
});

export type RedisConfig = z.output<typeof redisConfig>;
