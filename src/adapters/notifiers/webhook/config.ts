import { z } from "zod";
import type { FieldMeta } from "../../types";
import { httpUrl } from "../fields";
import { isJsonTemplate } from "./template";

export const WEBHOOK_METHODS = ["POST", "PUT", "PATCH", "GET", "HEAD"] as const;

const headerLine = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+:\s*\S.*$/;

export const webhookConfig = z.object({
  url: httpUrl().meta({
    title: "URL",
    secret: true,
    placeholder: "https://uptime.example.com/api/push/…?status={{status}}&msg={{summary}}",
    description: "Kept encrypted (it often holds a token). {{placeholders}} in it are URL-encoded.",
  } satisfies FieldMeta),
  method: z
    .enum(WEBHOOK_METHODS)
    .default("POST")
    .meta({ title: "Method", description: "GET or HEAD send no body: a ping for Uptime Kuma push monitors or healthchecks.io." } satisfies FieldMeta),
  headers: z
    .string()
    .optional()
    .refine((s) => !s || s.split("\n").filter((l) => l.trim()).every((l) => headerLine.test(l.trim())), "One header per line, as Name: value")
    .meta({ title: "Headers", secret: true, multiline: true, placeholder: "Authorization: Bearer …", description: "One per line, Name: value. Kept encrypted." } satisfies FieldMeta),
  bodyTemplate: z
    .string()
    .optional()
    .refine((s) => !s?.trim() || isJsonTemplate(s), "The body must be JSON once the {{placeholders}} are filled in")
    .meta({
      title: "JSON body template",
      multiline: true,
      placeholder: '{"text": "{{title}}: {{summary}} {{error}}", "link": "{{url}}"}',
      description:
        "Empty sends every fact as JSON. Placeholders: {{event}} {{severity}} {{status}} {{title}} {{summary}} {{error}} {{url}} {{job}} {{database}} {{size}} {{duration}} {{destinations}} {{instance}} {{occurredAt}}.",
      advanced: true,
    } satisfies FieldMeta),
});

export type WebhookConfig = z.output<typeof webhookConfig>;
