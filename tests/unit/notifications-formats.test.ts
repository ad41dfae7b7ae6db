import { describe, expect, it } from "vitest";
import { previewHttp } from "@/adapters/notifiers/http-notifier";
import { discordNotifier } from "@/adapters/notifiers/discord";
import { emailHtml, emailText } from "@/adapters/notifiers/email/format";
import { scrubText } from "@/adapters/notifiers/scrub";
import { telegramText } from "@/adapters/notifiers/telegram/format";
import type { NotificationMessage } from "@/adapters/notifiers/types";
import { webhookConfig } from "@/adapters/notifiers/webhook/config";
import { webhookRequest } from "@/adapters/notifiers/webhook/format";
import { backoffMs } from "@/server/services/notifications/delivery-options";

const msg: NotificationMessage = {
  event: "backup.failed",
  severity: "error",
  title: 'Backup failed: <Orders> "nightly"',
  summary: "The backup of Orders failed after 2.0 s.",
  fields: [{ label: "Job", value: "Orders" }, { label: "Database", value: "shop" }],
  error: 'pg_dump: error: FATAL: password authentication failed for user "app" & more',
  url: "https://bunker.example/history/abc",
  instance: "Bunker",
  occurredAt: "2026-01-01T00:00:00.000Z",
};

describe("message rendering", () => {
  it("escapes HTML in Telegram and email", () => {
    expect(telegramText(msg)).toContain("<b>Backup failed: &lt;Orders&gt; &quot;nightly&quot;</b>");
    expect(telegramText(msg)).toContain("<pre>pg_dump: error: FATAL: password authentication failed for user &quot;app&quot; &amp; more</pre>");
    expect(emailHtml(msg)).not.toContain("<Orders>");
    expect(emailText(msg)).toContain("Error: pg_dump: error: FATAL");
  });

  it("a webhook template escapes values as JSON, so a quote in an error cannot break the body", () => {
    const c = webhookConfig.parse({ url: "https://h.example/x", bodyTemplate: '{"e": "{{error}}", "t": "{{title}}", "unknown": "{{nope}}"}' });
    const req = webhookRequest(c, msg);
    expect(req.body).toEqual({ json: { e: msg.error, t: msg.title, unknown: "" } });
  });

  it("refuses a template that is not JSON once filled", () => {
    expect(webhookConfig.safeParse({ url: "https://h.example/x", bodyTemplate: '{"e": {{error}}' }).success).toBe(false);
    expect(webhookConfig.safeParse({ url: "https://h.example/x", headers: "no colon here" }).success).toBe(false);
  });

  it("GET and HEAD pings carry no body", () => {
    const c = webhookConfig.parse({ url: "https://kuma.example/api/push/T?status={{status}}&msg={{summary}}", method: "HEAD" });
    const req = webhookRequest(c, msg);
    expect(req.body).toBeUndefined();
    expect(req.url).toBe(`https://kuma.example/api/push/T?status=down&msg=${encodeURIComponent(msg.summary)}`);
  });
});

describe("secrets stay out of previews", () => {
  it("a webhook URL keeps only its origin; a token inside a URL is replaced", () => {
    expect(scrubText("POST https://discord.com/api/webhooks/1/abcDEF", ["https://discord.com/api/webhooks/1/abcDEF"])).toBe("POST https://discord.com/[redacted]");
    expect(scrubText("https://api.telegram.org/bot123:XYZ/sendMessage", ["123:XYZ"])).toBe("https://api.telegram.org/bot[redacted]/sendMessage");
  });

  it("the Discord preview hides the webhook URL", () => {
    const p = discordNotifier.preview({ webhookUrl: "https://discord.com/api/webhooks/9/SeCrEt" }, msg);
    expect(JSON.stringify(p)).not.toContain("SeCrEt");
    expect(p.url).toBe("https://discord.com/[redacted]");
  });

  it("header values given as secrets are scrubbed", () => {
    const p = previewHttp({ method: "POST", url: "https://x.example/", headers: { authorization: "Bearer tok-123456" }, body: { json: { a: "tok-123456" } } }, ["Bearer tok-123456", "tok-123456"]);
    expect(JSON.stringify(p)).not.toContain("tok-123456");
  });
});

describe("backoff", () => {
  it("waits base, then base × factor", () => {
    const o = { maxAttempts: 3, backoffBaseMs: 1000, backoffFactor: 4, httpTimeoutMs: 1, smtpTimeoutMs: 1 };
    expect([backoffMs(2, o), backoffMs(3, o)]).toEqual([1000, 4000]);
  });
});
