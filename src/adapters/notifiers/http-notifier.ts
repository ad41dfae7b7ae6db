/**
 * The common part of every HTTP channel: build one request from the message, send it with a time
 * limit, and classify the answer. 2xx is delivered; 5xx, network errors and timeouts may be retried;
 * any other answer (4xx, a redirect) is final: sending the same request again would fail the same way.
 */
import { scrubText, scrubValue } from "./scrub";
import type { DeliveryPreview, DeliveryResult, NotificationMessage, NotifierAdapter, NotifierContext } from "./types";

export type HttpMethod = "POST" | "PUT" | "PATCH" | "GET" | "HEAD";

export type HttpRequestSpec = {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  /** A JSON value (sent as JSON) or raw text; absent for GET and HEAD */
  body?: { json: unknown } | { text: string };
};

const MAX_ERROR_BODY = 300;

const bodyOf = (spec: HttpRequestSpec): string | undefined => {
  if (!spec.body || spec.method === "GET" || spec.method === "HEAD") return undefined;
  return "json" in spec.body ? JSON.stringify(spec.body.json) : spec.body.text;
};

const describeNetworkError = (e: unknown): string => {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  return cause ? `${err.message} (${cause})` : err.message;
};

export const sendHttp = async (spec: HttpRequestSpec, ctx: NotifierContext): Promise<DeliveryResult> => {
  const timeout = AbortSignal.timeout(ctx.timeoutMs);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  let res: Response;
  try {
    const body = bodyOf(spec);
    const headers = { ...(body !== undefined && spec.body && "json" in spec.body ? { "content-type": "application/json" } : {}), ...spec.headers };
    res = await fetch(spec.url, { method: spec.method, headers, body, signal, redirect: "manual" });
  } catch (e) {
    if (timeout.aborted) return { ok: false, error: `no answer within ${ctx.timeoutMs / 1000} s`, retryable: true };
    if (ctx.signal?.aborted) return { ok: false, error: "cancelled", retryable: false };
    return { ok: false, error: describeNetworkError(e), retryable: true };
  }
  let text = "";
  try {
    text = spec.method === "HEAD" ? "" : (await res.text()).trim();
  } catch {
    // the status is what matters
  }
  if (res.status >= 200 && res.status < 300) return { ok: true, responseCode: res.status, detail: `HTTP ${res.status}` };
  const snippet = text ? `: ${text.replace(/\s+/g, " ").slice(0, MAX_ERROR_BODY)}` : "";
  if (res.status >= 300 && res.status < 400) {
    return { ok: false, responseCode: res.status, retryable: false, error: `HTTP ${res.status}: redirected to ${res.headers.get("location") ?? "?"} (use the final address)` };
  }
  return { ok: false, responseCode: res.status, retryable: res.status >= 500, error: `HTTP ${res.status} ${res.statusText}${snippet}`.trim() };
};

export const previewHttp = (spec: HttpRequestSpec, secrets: readonly (string | undefined)[]): DeliveryPreview => ({
  channel: "http",
  method: spec.method,
  url: scrubText(spec.url, secrets),
  headers: scrubValue(spec.headers, secrets) as Record<string, string>,
  ...(spec.body && spec.method !== "GET" && spec.method !== "HEAD"
    ? { body: scrubValue("json" in spec.body ? spec.body.json : spec.body.text, secrets) }
    : {}),
});

/** A channel that is one HTTP request: its request builder plus the config values to keep out of logs. */
export const httpNotifier = <C>(opts: {
  build: (config: C, message: NotificationMessage) => HttpRequestSpec;
  secrets: (config: C) => Array<string | undefined>;
}): NotifierAdapter<C> => ({
  preview: (config, message) => previewHttp(opts.build(config, message), opts.secrets(config)),
  send: async (config, message, ctx) => {
    const r = await sendHttp(opts.build(config, message), ctx);
    return r.ok ? r : { ...r, error: scrubText(r.error, opts.secrets(config)) };
  },
});
