import { httpNotifier } from "../http-notifier";
import type { TeamsConfig } from "./config";
import { teamsBody } from "./format";

export const teamsNotifier = httpNotifier<TeamsConfig>({
  build: (c, m) => ({ method: "POST", url: c.webhookUrl, headers: {}, body: { json: teamsBody(m) } }),
  secrets: (c) => [c.webhookUrl],
});
