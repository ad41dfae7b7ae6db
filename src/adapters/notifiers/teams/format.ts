/** A Teams webhook message carrying one Adaptive Card (1.4): title, summary, a fact set, the error and a link. */
import { clip } from "../message-text";
import type { NotificationMessage, Severity } from "../types";

const COLOR: Record<Severity, string> = { success: "Good", warning: "Warning", error: "Attention", info: "Accent" };

export const teamsBody = (m: NotificationMessage) => ({
  type: "message",
  summary: m.title,
  attachments: [
    {
      contentType: "application/vnd.microsoft.card.adaptive",
      contentUrl: null,
      content: {
        $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
        type: "AdaptiveCard",
        version: "1.4",
        msteams: { width: "Full" },
        body: [
          { type: "TextBlock", text: m.title, weight: "Bolder", size: "Medium", color: COLOR[m.severity], wrap: true },
          { type: "TextBlock", text: m.summary, wrap: true, spacing: "Small" },
          ...(m.fields.length ? [{ type: "FactSet", facts: m.fields.map((f) => ({ title: f.label, value: f.value || "-" })) }] : []),
          ...(m.error ? [{ type: "TextBlock", text: clip(m.error, 2000), wrap: true, color: "Attention", fontType: "Monospace" }] : []),
          { type: "TextBlock", text: `${m.instance} · ${m.occurredAt}`, isSubtle: true, size: "Small", wrap: true },
        ],
        ...(m.url ? { actions: [{ type: "Action.OpenUrl", title: "Open", url: m.url }] } : {}),
      },
    },
  ],
});
