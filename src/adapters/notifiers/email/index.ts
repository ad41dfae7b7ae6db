/**
 * SMTP through nodemailer. Every phase has its own limit (connection, greeting, socket idle), so a
 * server that accepts the connection and then says nothing cannot hold a delivery forever. SMTP codes
 * read the other way round from HTTP: 4xx is temporary (retry), 5xx permanent (final).
 */
import nodemailer from "nodemailer";
import { scrubText } from "../scrub";
import type { DeliveryResult, NotifierAdapter } from "../types";
import { type EmailConfig, recipients } from "./config";
import { emailHtml, emailSubject, emailText } from "./format";

const NETWORK_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED", "ECONNRESET", "EPIPE", "EAI_AGAIN", "ETLS"]);

const classify = (e: unknown, secrets: Array<string | undefined>): DeliveryResult => {
  const err = e as Error & { code?: string; responseCode?: number; response?: string };
  const message = scrubText((err.response ?? err.message ?? String(e)).replace(/\s+/g, " ").trim(), secrets);
  if (typeof err.responseCode === "number") {
    return { ok: false, responseCode: err.responseCode, error: `SMTP ${err.responseCode}: ${message}`, retryable: err.responseCode < 500 };
  }
  const retryable = err.code ? NETWORK_CODES.has(err.code) : true;
  return { ok: false, error: err.code ? `${err.code}: ${message}` : message, retryable };
};

export const emailNotifier: NotifierAdapter<EmailConfig> = {
  preview: (c, m) => ({
    channel: "email",
    url: `smtp${c.security === "tls" ? "s" : ""}://${c.host}:${c.port}`,
    email: { from: c.from, to: recipients(c), subject: emailSubject(m), text: emailText(m), html: emailHtml(m) },
  }),
  send: async (c, m, ctx) => {
    const transport = nodemailer.createTransport({
      host: c.host,
      port: c.port,
      secure: c.security === "tls",
      requireTLS: c.security === "starttls",
      ignoreTLS: c.security === "none",
      ...(c.username ? { auth: { user: c.username, pass: c.password ?? "" } } : {}),
      connectionTimeout: ctx.timeoutMs,
      greetingTimeout: ctx.timeoutMs,
      socketTimeout: ctx.timeoutMs,
      dnsTimeout: ctx.timeoutMs,
      tls: { rejectUnauthorized: !c.allowSelfSigned },
    });
    const onAbort = () => transport.close();
    ctx.signal?.addEventListener("abort", onAbort, { once: true });
    // A hard stop on top of nodemailer's phase timers: the whole exchange must end in time too.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<DeliveryResult>((resolve) => {
      timer = setTimeout(() => {
        transport.close();
        resolve({ ok: false, error: `no answer from ${c.host}:${c.port} within ${Math.round((ctx.timeoutMs * 2) / 1000)} s`, retryable: true });
      }, ctx.timeoutMs * 2);
    });
    const attempt = (async (): Promise<DeliveryResult> => {
      try {
        const info = await transport.sendMail({ from: c.from, to: recipients(c), subject: emailSubject(m), text: emailText(m), html: emailHtml(m) });
        const code = Number.parseInt(String(info.response ?? "").slice(0, 3), 10);
        return { ok: true, ...(Number.isFinite(code) ? { responseCode: code } : {}), detail: `accepted for ${info.accepted.length} recipient(s)` };
      } catch (e) {
        return classify(e, [c.password]);
      }
    })();
    try {
      return await Promise.race([attempt, deadline]);
    } finally {
      clearTimeout(timer);
      ctx.signal?.removeEventListener("abort", onAbort);
      transport.close();
    }
  },
};
