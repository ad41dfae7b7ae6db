/** A Telegram sendMessage call with parse_mode HTML (only <b>, <pre>, <a> and escaped text). */
import { clip, escapeHtml, SEVERITY_EMOJI } from "../message-text";
import type { NotificationMessage } from "../types";
import { trimSlash } from "../fields";
import type { TelegramConfig } from "./config";

export const telegramUrl = (c: TelegramConfig) => `${trimSlash(c.apiBaseUrl)}/bot${c.botToken}/sendMessage`;

export const telegramText = (m: NotificationMessage): string =>
  clip(
    [
      `${SEVERITY_EMOJI[m.severity]} <b>${escapeHtml(m.title)}</b>`,
      escapeHtml(m.summary),
      m.fields.map((f) => `<b>${escapeHtml(f.label)}:</b> ${escapeHtml(f.value)}`).join("\n"),
      m.error ? `<b>Error</b>\n<pre>${escapeHtml(clip(m.error, 2500))}</pre>` : "",
      m.url ? `<a href="${escapeHtml(m.url)}">Open in ${escapeHtml(m.instance)}</a>` : "",
    ]
      .filter(Boolean)
      .join("\n\n"),
    4096,
  );

export const telegramBody = (c: TelegramConfig, m: NotificationMessage) => ({
  chat_id: c.chatId,
  ...(c.topicId ? { message_thread_id: c.topicId } : {}),
  text: telegramText(m),
  parse_mode: "HTML",
  link_preview_options: { is_disabled: true },
});
