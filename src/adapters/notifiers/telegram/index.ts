import { httpNotifier } from "../http-notifier";
import type { TelegramConfig } from "./config";
import { telegramBody, telegramUrl } from "./format";

export const telegramNotifier = httpNotifier<TelegramConfig>({
  build: (c, m) => ({ method: "POST", url: telegramUrl(c), headers: {}, body: { json: telegramBody(c, m) } }),
  secrets: (c) => [c.botToken],
});
