import { z } from "zod";
import type { FieldMeta } from "../../types";
import { webhookUrl } from "../fields";

export const discordConfig = z.object({
  webhookUrl: webhookUrl(
    "Webhook URL",
    "https://discord.com/api/webhooks/…",
    "Channel settings → Integrations → Webhooks → Copy Webhook URL. Any address works, e.g. a proxy.",
  ),
  username: z.string().trim().max(80).optional().meta({ title: "Bot name", placeholder: "Bunker", advanced: true } satisfies FieldMeta),
});

export type DiscordConfig = z.output<typeof discordConfig>;
