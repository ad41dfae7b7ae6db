/**
 * Every channel against real receivers: webhook-style channels post to a local recording HTTP server
 * (payloads checked per channel format), email goes to an in-process SMTP server and is read back.
 * Retries: two 503s then a 200 make three logged attempts; a 400 is final; a silent server times out.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { testAdapterConnection } from "@/server/services/adapters/test-adapter-connection";
import { sendStoredTestNotification } from "@/server/services/notifications/send-stored-test";
import { notifyEvent } from "@/server/services/notifications/notify-event";
import { updateSettings } from "@/server/services/settings/update-settings";
import { startSilentServer, startSmtpCapture } from "./helpers/notification-servers";
import { makeNotifier, notificationReceiversForFile } from "./helpers/notifications";

const rx = notificationReceiversForFile(500);

/** *Send test* on a saved notifier, as the list offers it. */
const sendTest = (id: string, _adapterId: string) => sendStoredTestNotification({ id });

/** A route for the instance-wide health events, so notifyEvent has a recipient without a job. */
const routeHealthTo = (notifierId: string) =>
  updateSettings({ patch: { "notifications.systemRoutes": [{ notifierId, events: ["health.offline", "health.online"] }] }, actor: SYSTEM_ACTOR });

const offlineSource = async () =>
  (
    await db.adapterConfig.create({
      data: { kind: "source", adapterId: "postgres", name: `pg-${Math.random().toString(16).slice(2, 8)}`, config: "{}", healthStatus: "OFFLINE", consecutiveFailures: 3, lastError: "connection refused (ECONNREFUSED)" },
    })
  ).id;

const waitForLog = async (id: string, done: (s: string) => boolean, timeoutMs = 15_000) => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await db.notificationLog.findUniqueOrThrow({ where: { id }, include: { attemptLog: { orderBy: { attempt: "asc" } } } });
    if (done(row.status)) return row;
    if (Date.now() > until) throw new Error(`delivery ${id} still ${row.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe("Send test, per channel format", () => {
  it("Discord: one embed with title, fields and colour; the webhook URL is scrubbed from the log", async () => {
    const hook = `${rx.web.url}/api/webhooks/123/SECRETDISCORDTOKEN`;
    const n = await makeNotifier("discord", { webhookUrl: hook });
    const r = await sendTest(n.id, "discord");
    expect(r).toMatchObject({ ok: true });
    const req = await rx.web.waitFor((q) => q.path === "/api/webhooks/123/SECRETDISCORDTOKEN");
    const body = req.json as { embeds: Array<{ title: string; fields: Array<{ name: string }>; color: number; url: string }> };
    expect(req.method).toBe("POST");
    expect(req.headers["content-type"]).toContain("application/json");
    expect(body.embeds[0]?.title).toMatch(/^Test notification from Bunker/);
    expect(body.embeds[0]?.fields.map((f) => f.name)).toEqual(["Job", "Database", "Size", "Duration", "Destinations"]);
    expect(body.embeds[0]?.url).toBe("http://localhost:3999/notifications");
    const log = await db.notificationLog.findFirstOrThrow({ where: { notifierId: n.id } });
    expect(log).toMatchObject({ status: "sent", attempts: 1, responseCode: 200, event: "test" });
    expect(log.payload).not.toContain("SECRETDISCORDTOKEN");
    expect(log.payload).toContain(`${rx.web.url}/[redacted]`);
  });

  it("Slack: fallback text and an attachment with Block Kit blocks", async () => {
    const n = await makeNotifier("slack", { webhookUrl: `${rx.web.url}/services/T0/B0/slacksecret` });
    expect(await sendTest(n.id, "slack")).toMatchObject({ ok: true });
    const body = (await rx.web.waitFor((q) => q.path.startsWith("/services/"))).json as { text: string; attachments: Array<{ color: string; blocks: Array<{ type: string }> }> };
    expect(body.text).toContain("Test notification");
    expect(body.attachments[0]?.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "context"]);
  });

  it("Teams: a message with an Adaptive Card and a FactSet", async () => {
    const n = await makeNotifier("teams", { webhookUrl: `${rx.web.url}/workflows/abc/triggers/manual?sig=teamssecret` });
    expect(await sendTest(n.id, "teams")).toMatchObject({ ok: true });
    const body = (await rx.web.waitFor((q) => q.path.startsWith("/workflows/"))).json as { type: string; attachments: Array<{ contentType: string; content: { type: string; body: Array<{ type: string }>; actions: unknown[] } }> };
    expect(body.type).toBe("message");
    expect(body.attachments[0]?.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(body.attachments[0]?.content.type).toBe("AdaptiveCard");
    expect(body.attachments[0]?.content.body.map((b) => b.type)).toContain("FactSet");
    expect(body.attachments[0]?.content.actions).toHaveLength(1);
  });

  it("Telegram: sendMessage with HTML, the chat and the topic; the bot token never reaches the log", async () => {
    const token = "123456:AAbbCCddEEsecret";
    const n = await makeNotifier("telegram", { botToken: token, chatId: "-100123", topicId: 42, apiBaseUrl: rx.web.url });
    expect(await sendTest(n.id, "telegram")).toMatchObject({ ok: true });
    const req = await rx.web.waitFor((q) => q.path === `/bot${token}/sendMessage`);
    expect(req.json).toMatchObject({ chat_id: "-100123", message_thread_id: 42, parse_mode: "HTML" });
    expect((req.json as { text: string }).text).toContain("<b>Test notification from Bunker</b>");
    const log = await db.notificationLog.findFirstOrThrow({ where: { notifierId: n.id } });
    expect(log.payload).not.toContain("AAbbCCddEEsecret");
    expect(log.payload).toContain("/bot[redacted]/sendMessage");
  });

  it("ntfy: a JSON publish with topic, priority, tags, click link and a bearer token", async () => {
    const n = await makeNotifier("ntfy", { serverUrl: rx.web.url, topic: "bunker-alerts", accessToken: "tk_ntfysecret" });
    expect(await sendTest(n.id, "ntfy")).toMatchObject({ ok: true });
    const req = await rx.web.waitFor((q) => q.path === "/" && (q.json as { topic?: string } | null)?.topic === "bunker-alerts");
    expect(req.headers.authorization).toBe("Bearer tk_ntfysecret");
    expect(req.json).toMatchObject({ topic: "bunker-alerts", priority: 3, click: "http://localhost:3999/notifications" });
    expect((await db.notificationLog.findFirstOrThrow({ where: { notifierId: n.id } })).payload).not.toContain("tk_ntfysecret");
  });

  it("Gotify: POST /message with the app token header, priority and a click URL", async () => {
    const n = await makeNotifier("gotify", { serverUrl: `${rx.web.url}/gotify`, appToken: "gotifysecret" });
    expect(await sendTest(n.id, "gotify")).toMatchObject({ ok: true });
    const req = await rx.web.waitFor((q) => q.path === "/gotify/message");
    expect(req.headers["x-gotify-key"]).toBe("gotifysecret");
    expect(req.json).toMatchObject({ title: "Test notification from Bunker", priority: 5, extras: { "client::notification": { click: { url: "http://localhost:3999/notifications" } } } });
  });

  it("generic webhook: custom method, headers and a JSON template with escaped placeholders", async () => {
    const n = await makeNotifier("webhook", {
      url: `${rx.web.url}/hook?token=whsecret`,
      method: "PUT",
      headers: "Authorization: Bearer hdrsecret\nX-Env: test",
      bodyTemplate: '{"text": "{{title}}", "event": "{{event}}", "job": "{{job}}", "link": "{{url}}"}',
    });
    expect(await sendTest(n.id, "webhook")).toMatchObject({ ok: true });
    const req = await rx.web.waitFor((q) => q.path.startsWith("/hook"));
    expect(req.method).toBe("PUT");
    expect(req.headers.authorization).toBe("Bearer hdrsecret");
    expect(req.headers["x-env"]).toBe("test");
    expect(req.json).toEqual({ text: "Test notification from Bunker", event: "test", job: "Example job", link: "http://localhost:3999/notifications" });
    const log = await db.notificationLog.findFirstOrThrow({ where: { notifierId: n.id } });
    expect(log.payload).not.toContain("whsecret");
    expect(log.payload).not.toContain("hdrsecret");
  });

  it("generic webhook: a GET ping with placeholders in the URL and no body (Uptime Kuma push)", async () => {
    const n = await makeNotifier("webhook", { url: `${rx.web.url}/api/push/kumatoken?status={{status}}&msg={{title}}`, method: "GET" });
    expect(await sendTest(n.id, "webhook")).toMatchObject({ ok: true });
    const req = await rx.web.waitFor((q) => q.path.startsWith("/api/push/kumatoken"));
    expect(req.method).toBe("GET");
    expect(req.body).toBe("");
    expect(req.path).toBe(`/api/push/kumatoken?status=up&msg=${encodeURIComponent("Test notification from Bunker")}`);
  });

  it("the form's Send test uses what the form holds, with stored secrets filling empty secret fields", async () => {
    const fresh = await testAdapterConnection({ kind: "notifier", data: { adapterId: "slack", name: "unsaved", config: { webhookUrl: `${rx.web.url}/services/form` }, clearSecrets: [] } });
    expect(fresh).toMatchObject({ ok: true });
    await rx.web.waitFor((q) => q.path === "/services/form");
    const n = await makeNotifier("gotify", { serverUrl: `${rx.web.url}/g2`, appToken: "storedtoken" });
    expect(await testAdapterConnection({ kind: "notifier", data: { id: n.id, adapterId: "gotify", config: { serverUrl: `${rx.web.url}/g3` }, clearSecrets: [] } })).toMatchObject({ ok: true });
    expect((await rx.web.waitFor((q) => q.path === "/g3/message")).headers["x-gotify-key"]).toBe("storedtoken");
    const logs = await db.notificationLog.findMany({ where: { event: "test" }, orderBy: { createdAt: "asc" } });
    expect(logs.map((l) => [l.notifierName, l.status])).toEqual([["unsaved", "sent"], [n.name, "sent"]]);
  });

  it("a refused test shows the HTTP status and the receiver's text", async () => {
    const n = await makeNotifier("webhook", { url: `${rx.web.url}/refuse` });
    rx.web.script([403]);
    const r = await sendTest(n.id, "webhook");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^HTTP 403 Forbidden: .*scripted 403/);
  });
});

describe("email over SMTP", () => {
  it("sends HTML plus a text part with AUTH, read back from the capture server", async () => {
    const n = await makeNotifier("email", { host: "127.0.0.1", port: rx.smtp.port, security: "none", username: "mailer", password: "pw", from: "Bunker <bunker@example.test>", to: "ops@example.test, oncall@example.test" });
    const r = await sendTest(n.id, "email");
    expect(r).toMatchObject({ ok: true });
    const m = await rx.smtp.waitFor((x) => x.to.includes("ops@example.test"));
    expect(m.to).toEqual(["ops@example.test", "oncall@example.test"]);
    expect(m.mail.subject).toBe("[Bunker] Test notification from Bunker");
    expect(m.mail.text).toContain("Database: example_db");
    expect(m.mail.html).toContain("Open in Bunker");
    const log = await db.notificationLog.findFirstOrThrow({ where: { notifierId: n.id } });
    expect(log).toMatchObject({ status: "sent", responseCode: 250 });
    expect(log.payload).not.toContain('"pw"');
  });

  it("STARTTLS with a self-signed certificate works when allowed, and is refused when not", async () => {
    const key = path.join(rx.tmp, "key.pem");
    const cert = path.join(rx.tmp, "cert.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"], { stdio: "pipe" });
    const tls = await startSmtpCapture({ hideSTARTTLS: false, key: fs.readFileSync(key), cert: fs.readFileSync(cert) });
    try {
      const base = { host: "127.0.0.1", port: tls.port, security: "starttls", username: "mailer", password: "pw", from: "bunker@example.test", to: "tls@example.test" };
      const ok = await makeNotifier("email", { ...base, allowSelfSigned: true });
      expect(await sendTest(ok.id, "email")).toMatchObject({ ok: true });
      await tls.waitFor((x) => x.to.includes("tls@example.test"));
      const strict = await makeNotifier("email", base);
      const r = await sendTest(strict.id, "email");
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toMatch(/certificate/i);
    } finally {
      await tls.close();
    }
  });

  it("a wrong password is final: SMTP 535, one attempt", async () => {
    const n = await makeNotifier("email", { host: "127.0.0.1", port: rx.smtp.port, security: "none", username: "mailer", password: "nope", from: "bunker@example.test", to: "ops@example.test" });
    await routeHealthTo(n.id);
    const { logIds } = await notifyEvent({ type: "health.offline", adapterId: await offlineSource() });
    const row = await waitForLog(logIds[0] ?? "", (s) => s !== "pending");
    expect(row).toMatchObject({ status: "failed", attempts: 1, responseCode: 535 });
    expect(row.error).toMatch(/535/);
  });

  it("a dead SMTP server (accepts, never greets) times out per send and is retried, never hanging", async () => {
    const silent = await startSilentServer();
    try {
      const n = await makeNotifier("email", { host: "127.0.0.1", port: silent.port, security: "none", from: "bunker@example.test", to: "ops@example.test" });
      await routeHealthTo(n.id);
      const started = Date.now();
      const { logIds } = await notifyEvent({ type: "health.offline", adapterId: await offlineSource() });
      expect(Date.now() - started).toBeLessThan(1000); // enqueueing never waits for the channel
      const row = await waitForLog(logIds[0] ?? "", (s) => s !== "pending", 20_000);
      expect(row.status).toBe("failed");
      expect(row.attemptLog).toHaveLength(3);
      expect(row.error).toMatch(/^ETIMEDOUT/);
    } finally {
      await silent.close();
    }
  });
});

describe("retries and the delivery log", () => {
  it("two 503s then a 200: delivered on the third attempt, three attempts logged", async () => {
    const n = await makeNotifier("webhook", { url: `${rx.web.url}/flaky` });
    await routeHealthTo(n.id);
    rx.web.script([503, 503]);
    const { logIds } = await notifyEvent({ type: "health.offline", adapterId: await offlineSource() });
    expect(logIds).toHaveLength(1);
    const row = await waitForLog(logIds[0] ?? "", (s) => s === "sent");
    expect(row).toMatchObject({ attempts: 3, responseCode: 200, error: null, event: "health.offline" });
    expect(row.attemptLog.map((a) => [a.attempt, a.status, a.responseCode])).toEqual([[1, "failed", 503], [2, "failed", 503], [3, "ok", 200]]);
    expect(row.attemptLog[0]?.error).toMatch(/^HTTP 503/);
    expect(rx.web.requests.filter((q) => q.path === "/flaky")).toHaveLength(3);
    // The message carries the adapter's last error, never a config value.
    expect((rx.web.requests[0]?.json as { error: string }).error).toBe("connection refused (ECONNREFUSED)");
  });

  it("a 400 is not retried", async () => {
    const n = await makeNotifier("webhook", { url: `${rx.web.url}/bad` });
    await routeHealthTo(n.id);
    rx.web.script([400]);
    const { logIds } = await notifyEvent({ type: "health.offline", adapterId: await offlineSource() });
    const row = await waitForLog(logIds[0] ?? "", (s) => s !== "pending");
    expect(row).toMatchObject({ status: "failed", attempts: 1, responseCode: 400 });
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.web.requests.filter((q) => q.path === "/bad")).toHaveLength(1);
  });

  it("three 503s: failed after three attempts", async () => {
    const n = await makeNotifier("webhook", { url: `${rx.web.url}/down` });
    await routeHealthTo(n.id);
    rx.web.script([503, 503, 503, 503]);
    const { logIds } = await notifyEvent({ type: "health.offline", adapterId: await offlineSource() });
    const row = await waitForLog(logIds[0] ?? "", (s) => s !== "pending");
    expect(row).toMatchObject({ status: "failed", attempts: 3, responseCode: 503 });
  });

  it("a server that never answers times out per attempt", async () => {
    rx.web.hang("/slow");
    const n = await makeNotifier("webhook", { url: `${rx.web.url}/slow` });
    await routeHealthTo(n.id);
    const { logIds } = await notifyEvent({ type: "health.offline", adapterId: await offlineSource() });
    const row = await waitForLog(logIds[0] ?? "", (s) => s !== "pending", 20_000);
    expect(row).toMatchObject({ status: "failed", attempts: 3 });
    expect(row.error).toBe("no answer within 0.5 s");
  });

  it("notifyEvent never throws: an unknown execution with no recipients enqueues nothing", async () => {
    await expect(notifyEvent({ type: "backup.failed", executionId: "no-such-run" })).resolves.toEqual({ logIds: [] });
  });
});
