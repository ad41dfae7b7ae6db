import { z } from "zod";
import type { FieldMeta } from "../../types";

export const SMTP_SECURITY = ["starttls", "tls", "none"] as const;

const address = /^[^\s@<>]+@[^\s@<>]+$/;
const addressList = (s: string) => s.split(/[,;\s]+/).filter(Boolean);

export const emailConfig = z.object({
  host: z.string().trim().min(1, "Enter the SMTP server").meta({ title: "SMTP host", placeholder: "smtp.example.com" } satisfies FieldMeta),
  port: z.coerce.number().int().min(1).max(65535).default(587).meta({ title: "Port", placeholder: "587", description: "587 for STARTTLS, 465 for TLS, 25 for none." } satisfies FieldMeta),
  security: z
    .enum(SMTP_SECURITY)
    .default("starttls")
    .meta({ title: "Security", description: "starttls: upgrade a plain connection (required); tls: TLS from the start; none: no encryption (local relays only)." } satisfies FieldMeta),
  username: z.string().trim().optional().meta({ title: "User name" } satisfies FieldMeta),
  password: z.string().optional().meta({ title: "Password", secret: true } satisfies FieldMeta),
  from: z
    .string()
    .trim()
    .min(1, "Enter the sender address")
    .refine((s) => address.test(s.replace(/^.*<(.+)>$/, "$1")), "An address such as bunker@example.com or Bunker <bunker@example.com>")
    .meta({ title: "From", placeholder: "Bunker <bunker@example.com>" } satisfies FieldMeta),
  to: z
    .string()
    .trim()
    .min(1, "Enter at least one recipient")
    .refine((s) => addressList(s).length > 0 && addressList(s).every((a) => address.test(a)), "Addresses separated by commas")
    .meta({ title: "To", placeholder: "ops@example.com, oncall@example.com", description: "One or more addresses, separated by commas." } satisfies FieldMeta),
  allowSelfSigned: z
    .boolean()
    .default(false)
    .meta({ title: "Accept a self-signed certificate", description: "Skips certificate verification. Only for a server you control.", advanced: true } satisfies FieldMeta),
});

export type EmailConfig = z.output<typeof emailConfig>;

export const recipients = (c: Pick<EmailConfig, "to">): string[] => addressList(c.to);
