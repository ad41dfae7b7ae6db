/** A Discord execute-webhook body: one embed, coloured by severity, facts as inline fields. */
import { clip, colorInt } from "../message-text";
import type { NotificationMessage } from "../types";
import type { DiscordConfig } from "./config";

export const discordBody = (config: DiscordConfig, m: NotificationMessage) => ({
  username: config.username || m.instance,
  embeds: [
    {
      title: clip(m.title, 256),
      description: clip([m.summary, m.error ? `**Error**\n\`\`\`\n${clip(m.error, 3000)}\n\`\`\`` : ""].filter(Boolean).join("\n\n"), 4096),
      ...(m.url ? { url: m.url } : {}),
      color: colorInt(m.severity),
      fields: m.fields.slice(0, 25).map((f) => ({ name: clip(f.label, 256), value: clip(f.value || "-", 1024), inline: f.value.length <= 40 })),
      footer: { text: m.instance },
      timestamp: m.occurredAt,
    },
  ],
});
