import { z } from "zod";
import type { FieldMeta } from "../../types";

/** Control characters (C0 and DEL) have no place in a path. */
const hasControlChars = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** OpenSSH's form ("ssh-keygen -lf"): SHA256: and 43 base64 characters (a trailing "=" is tolerated). */
export const FINGERPRINT_RE = /^SHA256:[A-Za-z0-9+/]{43}=?$/;

const segments = (p: string) => p.split("/").filter((s) => s !== "");

export const sftpConfig = z
  .object({
    host: z
      .string()
      .trim()
      .min(1, "Enter the server's host name or IP address")
      .max(253)
      .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._:-]+)$/, "Enter a host name or IP address, without user@ or a port")
      .meta({ title: "Host", placeholder: "backup.example.com" } satisfies FieldMeta),
    port: z.number().int().min(1).max(65535).default(22).meta({ title: "Port" } satisfies FieldMeta),
    username: z
      .string()
      .trim()
      .min(1, "Enter the SSH user name")
      .max(128)
      .regex(/^[^\s@:]+$/, "A user name has no spaces, @ or :")
      .meta({ title: "User", placeholder: "backup" } satisfies FieldMeta),
    password: z
      .string()
      .max(1024)
      .optional()
      .meta({ title: "Password", description: "For password login. Leave empty when you use a private key.", secret: true } satisfies FieldMeta),
    privateKey: z
      .string()
      .max(16_384, "That is too long for a private key")
      .optional()
      .meta({
        title: "Private key",
        description: "An OpenSSH or PEM private key (-----BEGIN OPENSSH PRIVATE KEY----- …). Its public key goes into the server's authorized_keys.",
        secret: true,
        multiline: true,
      } satisfies FieldMeta),
    passphrase: z
      .string()
      .max(1024)
      .optional()
      .meta({ title: "Key passphrase", description: "Only for an encrypted private key.", secret: true, advanced: true } satisfies FieldMeta),
    path: z
      .string()
      .trim()
      .min(1, "Enter the remote directory")
      .max(4096)
      .refine((p) => p.startsWith("/"), "Use an absolute path on the server, e.g. /srv/backups")
      .refine((p) => !p.includes("\\") && !hasControlChars(p), "The path contains a backslash or a control character")
      .refine((p) => !segments(p).some((s) => s === "." || s === ".."), 'Write the path without "." or ".." parts')
      .meta({ title: "Remote directory", description: "Absolute path on the server. Created on the first backup if it does not exist.", placeholder: "/srv/backups" } satisfies FieldMeta),
    hostKeyFingerprint: z
      .string()
      .trim()
      .refine((v) => v === "" || FINGERPRINT_RE.test(v), "Use the form SHA256:… as printed by ssh-keygen -lf")
      .optional()
      .meta({
        title: "Host key fingerprint",
        description: "The server's SHA256 host key fingerprint, pinned automatically on the first successful connection. Clear it only if the server's key changed on purpose.",
        placeholder: "SHA256:…",
        advanced: true,
      } satisfies FieldMeta),
  })
  .refine((c) => Boolean(c.password) || Boolean(c.privateKey?.trim()), {
    message: "Enter a password or a private key",
    path: ["password"],
  });

export type SftpConfig = z.infer<typeof sftpConfig>;
