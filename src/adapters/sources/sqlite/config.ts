import { z } from "zod";
import type { FieldMeta } from "../../types";

// No node:path here: config schemas are also imported where the form is built.
export const sqliteConfig = z.object({
  path: z
    .string()
    .trim()
    .min(1)
    .refine((p) => !p.includes("\0"), { message: "The path must not contain NUL characters" })
    .refine((p) => p.startsWith("/"), { message: "Use an absolute path, starting with /" })
    .meta({
      title: "Database file",
      description: "Absolute path of the SQLite database file on this host. Restores are written next to it.",
      placeholder: "/var/lib/app/app.db",
    } satisfies FieldMeta),
});

export type SqliteConfig = z.output<typeof sqliteConfig>;
