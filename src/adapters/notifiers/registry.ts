/**
 * The notifier registry: one line per channel, like sources and destinations. Implementations load
 * lazily, so the form and the docs never load nodemailer.
 */
import { discordConfig } from "./discord/config";
import { emailConfig } from "./email/config";
import { gotifyConfig } from "./gotify/config";
import { ntfyConfig } from "./ntfy/config";
import { slackConfig } from "./slack/config";
import { teamsConfig } from "./teams/config";
import { telegramConfig } from "./telegram/config";
import type { NotifierEntry } from "./types";
import { webhookConfig } from "./webhook/config";

export const NOTIFIERS = {
  email: {
    kind: "notifier", label: "Email (SMTP)", configSchema: emailConfig,
    description: "Any SMTP server, with STARTTLS, TLS or none; HTML with a plain-text part.",
    load: async () => (await import("./email")).emailNotifier,
  },
  webhook: {
    kind: "notifier", label: "Webhook", configSchema: webhookConfig,
    description: "Any HTTP endpoint: a JSON body from a template, custom headers, or a GET/HEAD ping for Uptime Kuma and healthchecks.",
    load: async () => (await import("./webhook")).webhookNotifier,
  },
  discord: {
    kind: "notifier", label: "Discord", configSchema: discordConfig,
    description: "A channel webhook; one embed per event.",
    load: async () => (await import("./discord")).discordNotifier,
  },
  slack: {
    kind: "notifier", label: "Slack", configSchema: slackConfig,
    description: "An incoming webhook; Block Kit with a colour bar. Mattermost accepts it too.",
    load: async () => (await import("./slack")).slackNotifier,
  },
  teams: {
    kind: "notifier", label: "Microsoft Teams", configSchema: teamsConfig,
    description: "A Workflows (or legacy incoming) webhook; an Adaptive Card per event.",
    load: async () => (await import("./teams")).teamsNotifier,
  },
  telegram: {
    kind: "notifier", label: "Telegram", configSchema: telegramConfig,
    description: "A bot posting to a chat, group, channel or forum topic.",
    load: async () => (await import("./telegram")).telegramNotifier,
  },
  ntfy: {
    kind: "notifier", label: "ntfy", configSchema: ntfyConfig,
    description: "Push notifications through ntfy.sh or your own ntfy server.",
    load: async () => (await import("./ntfy")).ntfyNotifier,
  },
  gotify: {
    kind: "notifier", label: "Gotify", configSchema: gotifyConfig,
    description: "Push notifications through your Gotify server.",
    load: async () => (await import("./gotify")).gotifyNotifier,
  },
} as const satisfies Record<string, NotifierEntry>;

export type NotifierId = keyof typeof NOTIFIERS;

export const isNotifierId = (id: string): id is NotifierId => Object.hasOwn(NOTIFIERS, id);

export const notifierEntry = (id: string): NotifierEntry | undefined => (isNotifierId(id) ? (NOTIFIERS[id] as NotifierEntry) : undefined);
