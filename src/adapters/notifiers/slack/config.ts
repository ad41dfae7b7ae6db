import { z } from "zod";
import { webhookUrl } from "../fields";

export const slackConfig = z.object({
  webhookUrl: webhookUrl(
    "Webhook URL",
    "https://hooks.slack.com/services/…",
    "An Incoming Webhook of a Slack app (api.slack.com/apps → Incoming Webhooks). Mattermost and Rocket.Chat accept the same body.",
  ),
});

export type SlackConfig = z.output<typeof slackConfig>;
