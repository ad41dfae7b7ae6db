/**
 * TOTP for the signed-in user, through better-auth's two-factor plugin (it encrypts the secret and the
 * backup codes with BETTER_AUTH_SECRET). These take the request headers because the plugin acts on the
 * caller's own session and, for accounts with a password, asks for it again.
 */
import QRCode from "qrcode";
import { auth } from "@/server/auth/auth";
import { authCall } from "@/server/auth/auth-errors";
import { db } from "@/server/db";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { revokeOtherSessions } from "../sessions/revoke-sessions";

const secretOf = (uri: string) => new URL(uri).searchParams.get("secret") ?? "";

/** Step 1: a new secret (QR code and the manual secret) and backup codes; not active until confirmed. */
export const startTotpEnrolment = async ({ headers, password, actor }: { headers: Headers; password?: string; actor: Actor }) => {
  const r = await authCall(() => auth().api.enableTwoFactor({ body: { password: password || undefined }, headers }), "password");
  if (!("totpURI" in r)) throw new Error("TOTP enrolment returned no URI");
  await recordAudit({ actor, action: "profile.totp_start", resourceType: "user", resourceId: actor.kind === "user" ? actor.userId : null });
  return { totpURI: r.totpURI, secret: secretOf(r.totpURI), qrDataUrl: await QRCode.toDataURL(r.totpURI, { margin: 1, width: 200 }), backupCodes: r.backupCodes };
};

/** Step 2: a code from the app turns TOTP on. better-auth swaps the session for a fresh one. */
export const confirmTotp = async ({ headers, code, userId, revokeOthers, actor }: { headers: Headers; code: string; userId: string; revokeOthers: boolean; actor: Actor }) => {
  const before = new Date();
  await authCall(() => auth().api.verifyTOTP({ body: { code }, headers }), "code");
  await recordAudit({ actor, action: "profile.totp_enable", resourceType: "user", resourceId: userId });
  let revoked = 0;
  if (revokeOthers) {
    // better-auth replaced the caller's session with a fresh one during the call: that one stays.
    const current = await db.session.findFirst({ where: { userId, createdAt: { gte: new Date(before.getTime() - 1000) } }, orderBy: { createdAt: "desc" }, select: { id: true } });
    if (current) revoked = (await revokeOtherSessions({ userId, currentSessionId: current.id, actor, reason: "2FA enabled" })).revoked;
  }
  return { enabled: true, revokedSessions: revoked };
};

export const disableTotp = async ({ headers, password, userId, currentSessionId, revokeOthers, actor }: { headers: Headers; password?: string; userId: string; currentSessionId: string; revokeOthers: boolean; actor: Actor }) => {
  await authCall(() => auth().api.disableTwoFactor({ body: { password: password || undefined }, headers }), "password");
  await recordAudit({ actor, action: "profile.totp_disable", resourceType: "user", resourceId: userId });
  const revoked = revokeOthers ? (await revokeOtherSessions({ userId, currentSessionId, actor, reason: "2FA disabled" })).revoked : 0;
  return { enabled: false, revokedSessions: revoked };
};

/** New backup codes replace the old ones, which stop working at once; shown once. */
export const regenerateBackupCodes = async ({ headers, password, userId, actor }: { headers: Headers; password?: string; userId: string; actor: Actor }) => {
  const r = await authCall(() => auth().api.generateBackupCodes({ body: { password: password || undefined }, headers }), "password");
  await recordAudit({ actor, action: "profile.backup_codes_regenerate", resourceType: "user", resourceId: userId });
  return { backupCodes: r.backupCodes };
};
