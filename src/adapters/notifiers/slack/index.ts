import { httpNotifier } from "../http-notifier";
import type { SlackConfig } from "./config";
import { slackBody } from "./format";

export const slackNotifier = httpNotifier<SlackConfig>({
  build: (c, m) => ({ method: "POST", url: c.webhookUrl, headers: {}, body: { json: slackBody(m) } }),
  secrets: (c) => [c.webhookUrl],
});
