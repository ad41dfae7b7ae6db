/** The email: a subject, a plain-text part and a simple HTML part (inline styles only: mail clients strip the rest). */
import { clip, escapeHtml, plainText, SEVERITY_COLOR } from "../message-text";
import type { NotificationMessage } from "../types";

export const emailSubject = (m: NotificationMessage): string => clip(`[${m.instance}] ${m.title}`, 200);

export const emailText = (m: NotificationMessage): string => `${m.title}\n\n${plainText(m)}\n\n-- \n${m.instance} · ${m.occurredAt}\n`;

export const emailHtml = (m: NotificationMessage): string => {
  const color = SEVERITY_COLOR[m.severity];
  const rows = m.fields
    .map((f) => `<tr><td style="padding:4px 12px 4px 0;color:#6b7280;white-space:nowrap;vertical-align:top">${escapeHtml(f.label)}</td><td style="padding:4px 0">${escapeHtml(f.value)}</td></tr>`)
    .join("");
  return [
    `<!doctype html><html><body style="margin:0;padding:24px;background:#f4f4f5;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#111827">`,
    `<div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;border-top:4px solid ${color};padding:24px">`,
    `<h1 style="margin:0 0 8px;font-size:18px;color:${color}">${escapeHtml(m.title)}</h1>`,
    `<p style="margin:0 0 16px">${escapeHtml(m.summary)}</p>`,
    rows ? `<table style="border-collapse:collapse;font-size:14px;margin-bottom:16px">${rows}</table>` : "",
    m.error ? `<p style="margin:0 0 4px;font-weight:600">Error</p><pre style="margin:0 0 16px;padding:12px;background:#fef2f2;color:#991b1b;border-radius:6px;white-space:pre-wrap;font-size:13px">${escapeHtml(clip(m.error, 4000))}</pre>` : "",
    m.url ? `<p style="margin:0 0 16px"><a href="${escapeHtml(m.url)}" style="display:inline-block;background:#111827;color:#ffffff;text-decoration:none;padding:8px 14px;border-radius:6px">Open in ${escapeHtml(m.instance)}</a></p>` : "",
    `<p style="margin:0;color:#9ca3af;font-size:12px">${escapeHtml(m.instance)} · ${escapeHtml(m.occurredAt)}</p>`,
    `</div></body></html>`,
  ].join("");
};
