import { z } from "zod";
import { webhookUrl } from "../fields";

export const teamsConfig = z.object({
  webhookUrl: webhookUrl(
    "Webhook URL",
    "https://….logic.azure.com/workflows/…",
    'A Teams Workflows webhook ("Post to a channel when a webhook request is received") or a legacy Incoming Webhook.',
  ),
});

export type TeamsConfig = z.output<typeof teamsConfig>;
