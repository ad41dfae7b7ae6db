/**
 * The caller's address for the audit log. Next's server fills `x-forwarded-for` with the socket address
 * only when the client sent none, so without a trusted proxy in front the value is client-supplied:
 * good enough for an audit trail, not for security decisions (rate limits use the trusted-proxy setting).
 */
export const clientIp = (headers: Headers): string | null => {
  const xff = headers.get("x-forwarded-for");
  const first = xff?.split(",")[0]?.trim();
  return first || headers.get("x-real-ip") || null;
};

export const userAgent = (headers: Headers): string | null => headers.get("user-agent")?.slice(0, 400) ?? null;
