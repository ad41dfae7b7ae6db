import { httpNotifier } from "../http-notifier";
import type { DiscordConfig } from "./config";
import { discordBody } from "./format";

export const discordNotifier = httpNotifier<DiscordConfig>({
  build: (c, m) => ({ method: "POST", url: c.webhookUrl, headers: {}, body: { json: discordBody(c, m) } }),
  secrets: (c) => [c.webhookUrl],
});
