import { z } from "zod";
import type { FieldMeta } from "../../types";
import { httpUrl } from "../fields";

export const NTFY_PRIORITIES = ["auto", "1", "2", "3", "4", "5"] as const;

export const ntfyConfig = z.object({
  serverUrl: httpUrl()
    .default("https://ntfy.sh")
    .meta({ title: "Server URL", placeholder: "https://ntfy.sh", description: "ntfy.sh or your own server." } satisfies FieldMeta),
  topic: z
    .string()
    .trim()
    .regex(/^[\w-]{1,64}$/, "Letters, digits, _ and - only (up to 64)")
    .meta({ title: "Topic", placeholder: "bunker-alerts", description: "On ntfy.sh anyone who knows a topic can read it: pick one hard to guess." } satisfies FieldMeta),
  accessToken: z.string().trim().optional().meta({ title: "Access token", secret: true, description: "For a protected topic (tk_…). Or use a user name and password." } satisfies FieldMeta),
  username: z.string().trim().optional().meta({ title: "User name", advanced: true } satisfies FieldMeta),
  password: z.string().optional().meta({ title: "Password", secret: true, advanced: true } satisfies FieldMeta),
  priority: z
    .enum(NTFY_PRIORITIES)
    .default("auto")
    .meta({ title: "Priority", description: "auto: 4 (high) for failures, 2 (low) for successes, 3 otherwise.", advanced: true } satisfies FieldMeta),
});

export type NtfyConfig = z.output<typeof ntfyConfig>;
