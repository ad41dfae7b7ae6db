import { httpNotifier } from "../http-notifier";
import type { WebhookConfig } from "./config";
import { parseHeaders, webhookRequest } from "./format";

export const webhookNotifier = httpNotifier<WebhookConfig>({
  build: webhookRequest,
  // The URL as configured (placeholders unfilled) is still the base of the sent one, so scrub both forms.
  secrets: (c) => [c.url, c.url.split("{{")[0], ...Object.values(parseHeaders(c.headers))],
});
