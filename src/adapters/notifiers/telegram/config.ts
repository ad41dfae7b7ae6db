import { z } from "zod";
import type { FieldMeta } from "../../types";
import { httpUrl } from "../fields";

export const telegramConfig = z.object({
  botToken: z
    .string()
    .trim()
    .regex(/^\d+:[\w-]+$/, "A bot token looks like 123456789:AA…, as @BotFather gives it")
    .meta({ title: "Bot token", secret: true, placeholder: "123456789:AA…", description: "From @BotFather. Add the bot to the chat first." } satisfies FieldMeta),
  chatId: z
    .string()
    .trim()
    .regex(/^(-?\d+|@\w{4,})$/, "A numeric chat id (negative for groups) or @channelname")
    .meta({ title: "Chat ID", placeholder: "-1001234567890", description: "A user, group or channel id, or @channelname for a public channel." } satisfies FieldMeta),
  topicId: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .meta({ title: "Topic ID", description: "For a forum group: the topic (message thread) to post in." } satisfies FieldMeta),
  apiBaseUrl: httpUrl()
    .default("https://api.telegram.org")
    .meta({ title: "API base URL", description: "A local Bot API server or a proxy.", advanced: true } satisfies FieldMeta),
});

export type TelegramConfig = z.output<typeof telegramConfig>;
