import { z } from "zod";
import type { FieldMeta } from "../../types";

/** Control characters (C0 and DEL) have no place in a path. */
const hasControlChars = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

export const STORAGE_CLASSES = ["STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"] as const;

const isHttpUrl = (v: string): boolean => {
  try {
    const u = new URL(v);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "" && u.username === "" && u.password === "";
  } catch {
    return false;
  }
};

/** AWS's general-purpose bucket naming rules; every S3-compatible server accepts names that pass them. */
export const bucketNameProblem = (name: string): string | null => {
  if (name.length < 3 || name.length > 63) return "A bucket name has 3 to 63 characters";
  if (!/^[a-z0-9.-]+$/.test(name)) return "Use lowercase letters, digits, dots and hyphens only";
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return "A bucket name starts and ends with a letter or a digit";
  if (name.includes("..")) return "A bucket name cannot contain two dots in a row";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return "A bucket name cannot look like an IP address";
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name) || /(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return "That bucket name uses a prefix or suffix S3 reserves";
  return null;
};

/** "" or a relative folder path: no leading slash, no "." / ".." / empty segments, no control characters. */
export const prefixProblem = (prefix: string): string | null => {
  if (prefix === "") return null;
  if (prefix.startsWith("/")) return "Write the prefix without a leading slash, e.g. bunker/prod";
  if (prefix.includes("\\") || hasControlChars(prefix)) return "The prefix contains a backslash or a control character";
  const parts = (prefix.endsWith("/") ? prefix.slice(0, -1) : prefix).split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) return 'Write the prefix without "//", "." or ".." parts';
  return null;
};

export const s3Config = z.object({
  endpoint: z
    .string()
    .trim()
    .max(2048)
    .refine((v) => v === "" || isHttpUrl(v), "Enter a URL such as https://s3.eu-central-1.wasabisys.com (or leave empty for AWS)")
    .optional()
    .meta({
      title: "Endpoint",
      description: "The S3 API URL of your provider (MinIO, R2, B2, Wasabi…). Leave empty for AWS S3.",
      placeholder: "https://s3.example.com",
    } satisfies FieldMeta),
  region: z
    .string()
    .trim()
    .min(1, "Enter a region (us-east-1 works for most S3-compatible servers)")
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, "Use letters, digits, - and _ only, e.g. eu-west-1 or auto")
    .default("us-east-1")
    .meta({ title: "Region", description: "The bucket's region; S3-compatible servers usually accept us-east-1 (R2: auto).", placeholder: "us-east-1" } satisfies FieldMeta),
  bucket: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      const problem = bucketNameProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .meta({ title: "Bucket", description: "An existing bucket; Bunker does not create it.", placeholder: "my-backups" } satisfies FieldMeta),
  prefix: z
    .string()
    .trim()
    .max(512, "The prefix is at most 512 characters")
    .superRefine((v, ctx) => {
      const problem = prefixProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional()
    .meta({ title: "Prefix", description: "A folder inside the bucket for Bunker's files, e.g. bunker/prod. Empty uses the bucket's root.", placeholder: "bunker/" } satisfies FieldMeta),
  accessKeyId: z
    .string()
    .trim()
    .min(1, "Enter the access key ID")
    .max(256)
    .meta({ title: "Access key ID", placeholder: "AKIA…" } satisfies FieldMeta),
  secretAccessKey: z
    .string()
    .min(1, "Enter the secret access key")
    .max(512)
    .meta({ title: "Secret access key", secret: true } satisfies FieldMeta),
  forcePathStyle: z
    .boolean()
    .default(false)
    .meta({
      title: "Path-style URLs",
      description: "Address the bucket as endpoint/bucket instead of bucket.endpoint. MinIO and most self-hosted servers need this.",
      advanced: true,
    } satisfies FieldMeta),
  storageClass: z
    .enum(STORAGE_CLASSES)
    .optional()
    .meta({
      title: "Storage class",
      description: "AWS storage class for new backups. Archive classes (GLACIER, DEEP_ARCHIVE) need a restore request before Bunker can read a backup.",
      advanced: true,
    } satisfies FieldMeta),
  checksums: z
    .enum(["when_required", "when_supported"])
    .default("when_required")
    .meta({
      title: "Request checksums",
      description:
        "when_supported adds CRC32 checksums to every upload (aws-chunked encoding). Many S3-compatible servers mishandle that and store corrupted objects, so the default sends them only when an operation requires it.",
      advanced: true,
    } satisfies FieldMeta),
});

export type S3Config = z.infer<typeof s3Config>;
