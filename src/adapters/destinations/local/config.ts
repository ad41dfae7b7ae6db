import { z } from "zod";
import type { FieldMeta } from "../../types";

/** Control characters (C0 and DEL) have no place in a path. */
const hasControlChars = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** Pure string checks only: the registry (and so the form) imports this file, never node:path. */
const segments = (p: string) => p.split("/").filter((s) => s !== "");

export const localConfig = z.object({
  path: z
    .string()
    .trim()
    .min(1, "Enter the directory backups go to")
    .max(4096, "The path is too long")
    .refine((p) => p.startsWith("/"), "Use an absolute path, e.g. /srv/backups")
    .refine((p) => !hasControlChars(p), "The path contains control characters")
    .refine((p) => !segments(p).some((s) => s === "." || s === ".."), 'Write the path without "." or ".." parts')
    .refine((p) => segments(p).length > 0, "The root directory / cannot hold backups: pick a directory such as /srv/backups")
    .meta({
      title: "Directory",
      description: "Absolute path on this host or a mounted volume. Created on the first backup if it does not exist.",
      placeholder: "/srv/backups",
    } satisfies FieldMeta),
});

export type LocalConfig = z.infer<typeof localConfig>;
