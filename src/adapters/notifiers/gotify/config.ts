import { z } from "zod";
import type { FieldMeta } from "../../types";
import { httpUrl } from "../fields";

export const gotifyConfig = z.object({
  serverUrl: httpUrl().meta({ title: "Server URL", placeholder: "https://gotify.example.com" } satisfies FieldMeta),
  appToken: z.string().trim().min(1, "Enter the application token").meta({ title: "Application token", secret: true, description: "Apps → Create application → its token." } satisfies FieldMeta),
  priority: z.coerce
    .number()
    .int()
    .min(0)
    .max(10)
    .default(5)
    .meta({ title: "Priority", description: "For successes and information; failures are sent with 8.", advanced: true } satisfies FieldMeta),
});

export type GotifyConfig = z.output<typeof gotifyConfig>;
