/** A Slack incoming-webhook body: a fallback text, and an attachment (for the colour bar) holding Block Kit blocks. */
import { clip, SEVERITY_COLOR, SEVERITY_EMOJI } from "../message-text";
import type { NotificationMessage } from "../types";

/** Slack mrkdwn treats &, < and > as control characters. */
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export const slackBody = (m: NotificationMessage) => ({
  text: `${SEVERITY_EMOJI[m.severity]} ${m.title}`,
  attachments: [
    {
      color: SEVERITY_COLOR[m.severity],
      blocks: [
        { type: "header", text: { type: "plain_text", text: clip(m.title, 150), emoji: true } },
        { type: "section", text: { type: "mrkdwn", text: clip(esc(m.summary), 3000) } },
        ...(m.fields.length
          ? [{ type: "section", fields: m.fields.slice(0, 10).map((f) => ({ type: "mrkdwn", text: clip(`*${esc(f.label)}*\n${esc(f.value || "-")}`, 2000) })) }]
          : []),
        ...(m.error ? [{ type: "section", text: { type: "mrkdwn", text: `*Error*\n\`\`\`${clip(esc(m.error), 2900)}\`\`\`` } }] : []),
        {
          type: "context",
          elements: [{ type: "mrkdwn", text: [m.url ? `<${m.url}|Open in ${esc(m.instance)}>` : esc(m.instance), m.occurredAt].join(" · ") }],
        },
      ],
    },
  ],
});
