/**
 * TOTP with codes computed here, backup codes, replay refusal, and login protection: per-address and
 * per-account limits, the temporary lock, and a spoofed X-Forwarded-For that must not reset anything.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { auth } from "@/server/auth/auth";
import { refreshTrustedProxies } from "@/server/auth/client-ip";
import { resetLoginLimits } from "@/server/auth/login-guard";
import { PEER_HEADER } from "@/server/auth/trusted-proxies";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { confirmTotp, regenerateBackupCodes, startTotpEnrolment } from "@/server/services/profile/two-factor";
import { listSessions } from "@/server/services/sessions/list-sessions";
import { updateSettings } from "@/server/services/settings/update-settings";
import { setUserDisabled } from "@/server/services/users/set-user-disabled";
import { resolveCaller } from "@/server/http/caller";
import { resetDb } from "./helpers/db";
import { totp } from "./helpers/totp";
import { callerFor, cookieOf, makeUser, PASSWORD, signIn } from "./helpers/users";

const fromNet = (peer: string, xff?: string) => new Headers({ [PEER_HEADER]: peer, "user-agent": "vitest", ...(xff ? { "x-forwarded-for": xff } : {}) });
/** The HTTP answer: a refusal from the login guard is thrown before the endpoint runs, as an APIError. */
const tryPassword = async (email: string, password: string, headers: Headers): Promise<Response> => {
  try {
    return await auth().api.signInEmail({ body: { email, password }, headers, asResponse: true });
  } catch (e) {
    const err = e as { statusCode?: number; body?: unknown; headers?: HeadersInit };
    if (typeof err.statusCode !== "number") throw e;
    return new Response(JSON.stringify(err.body ?? {}), { status: err.statusCode, headers: err.headers });
  }
};

beforeEach(async () => {
  resetLoginLimits();
  await resetDb();
  await refreshTrustedProxies(true);
});

describe("TOTP", () => {
  it("enrols with a QR code and secret, signs in with a computed code, refuses the same code twice, and backup codes work once", async () => {
    const u = await makeUser("Operator");
    const headers = await signIn(u.email);
    const actor = { kind: "user" as const, userId: u.id, email: u.email };
    const start = await startTotpEnrolment({ headers, password: PASSWORD, actor });
    expect(start.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(start.secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(start.backupCodes).toHaveLength(10);
    const row = await db.twoFactor.findFirstOrThrow({ where: { userId: u.id } });
    expect(row.secret).not.toContain(start.secret); // encrypted at rest by better-auth
    await expect(confirmTotp({ headers, code: "000000", userId: u.id, revokeOthers: false, actor })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const enrolCode = totp(start.secret);
    await confirmTotp({ headers, code: enrolCode, userId: u.id, revokeOthers: false, actor });
    expect((await db.user.findUniqueOrThrow({ where: { id: u.id } })).twoFactorEnabled).toBe(true);

    // The password alone now only opens the challenge.
    const step1 = await tryPassword(u.email, PASSWORD, new Headers({ "user-agent": "vitest" }));
    expect(await step1.clone().json()).toMatchObject({ twoFactorRedirect: true });
    const challenge = new Headers({ cookie: cookieOf(step1), "user-agent": "vitest" });
    // The code used to enrol is refused on reuse (it is still inside its 30 s window).
    await expect(auth().api.verifyTOTP({ body: { code: enrolCode }, headers: challenge })).rejects.toMatchObject({ body: { code: "TOTP_CODE_REUSED" } });
    const next = totp(start.secret, Date.now() + 30_000);
    const ok = await auth().api.verifyTOTP({ body: { code: next }, headers: challenge, asResponse: true });
    expect(ok.status).toBe(200);
    expect(await resolveCaller(new Headers({ cookie: cookieOf(ok) }))).not.toBeNull();

    // Replaying the same code in a new challenge fails.
    const again = await tryPassword(u.email, PASSWORD, new Headers({ "user-agent": "vitest" }));
    await expect(auth().api.verifyTOTP({ body: { code: next }, headers: new Headers({ cookie: cookieOf(again) }) })).rejects.toMatchObject({ body: { code: "TOTP_CODE_REUSED" } });

    // A backup code works once.
    const [backup] = start.backupCodes;
    const b1 = await tryPassword(u.email, PASSWORD, new Headers({ "user-agent": "vitest" }));
    expect((await auth().api.verifyBackupCode({ body: { code: backup! }, headers: new Headers({ cookie: cookieOf(b1) }), asResponse: true })).status).toBe(200);
    const b2 = await tryPassword(u.email, PASSWORD, new Headers({ "user-agent": "vitest" }));
    await expect(auth().api.verifyBackupCode({ body: { code: backup! }, headers: new Headers({ cookie: cookieOf(b2) }) })).rejects.toMatchObject({ statusCode: 401 });

    // Regenerating replaces every old code.
    const session = new Headers({ cookie: cookieOf(ok) });
    const { backupCodes } = await regenerateBackupCodes({ headers: session, password: PASSWORD, userId: u.id, actor });
    expect(backupCodes).toHaveLength(10);
    const b3 = await tryPassword(u.email, PASSWORD, new Headers({ "user-agent": "vitest" }));
    await expect(auth().api.verifyBackupCode({ body: { code: start.backupCodes[1]! }, headers: new Headers({ cookie: cookieOf(b3) }) })).rejects.toMatchObject({ statusCode: 401 });
    expect(await db.auditLog.count({ where: { action: "auth.sign_in", outcome: "success", details: { contains: "password+totp" } } })).toBe(1);
  });
});

describe("login protection", () => {
  it("rotating a spoofed X-Forwarded-For does not reset the per-address limit (no trusted proxy)", async () => {
    await updateSettings({ patch: { "security.loginLimitPerIp": 3, "security.loginLimitPerAccount": 100, "security.lockoutThreshold": 100 }, actor: SYSTEM_ACTOR });
    const u = await makeUser("Viewer");
    for (let i = 0; i < 3; i++) expect((await tryPassword(u.email, "wrong password!", fromNet("198.51.100.9", `10.9.9.${i}`))).status).toBe(401);
    const blocked = await tryPassword(u.email, PASSWORD, fromNet("198.51.100.9", "10.9.9.200"));
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toMatch(/^\d+$/);
    // Another address is not affected.
    expect((await tryPassword(u.email, PASSWORD, fromNet("198.51.100.10"))).status).toBe(200);
  });

  it("behind a trusted proxy the right-most untrusted hop counts, and prepending entries does not escape it", async () => {
    await updateSettings({ patch: { "security.trustedProxies": ["10.0.0.0/8"], "security.loginLimitPerIp": 2, "security.loginLimitPerAccount": 100, "security.lockoutThreshold": 100 }, actor: SYSTEM_ACTOR });
    await refreshTrustedProxies(true);
    const u = await makeUser("Viewer");
    for (const spoof of ["1.1.1.1", "2.2.2.2"]) expect((await tryPassword(u.email, "wrong password!", fromNet("10.0.0.2", `${spoof}, 203.0.113.50`))).status).toBe(401);
    expect((await tryPassword(u.email, PASSWORD, fromNet("10.0.0.2", "3.3.3.3, 203.0.113.50"))).status).toBe(429);
    // A different real client behind the same proxy still gets in, and its session records its address.
    const ok = await tryPassword(u.email, PASSWORD, fromNet("10.0.0.2", "203.0.113.51"));
    expect(ok.status).toBe(200);
    const caller = await callerFor(new Headers({ cookie: cookieOf(ok) }));
    expect((await listSessions(u.id, caller.sessionId)).find((s) => s.current)?.ip).toBe("203.0.113.51");
  });

  it("per-account limit, then a temporary lock after repeated wrong passwords that a right password cannot lift", async () => {
    await updateSettings({ patch: { "security.loginLimitPerIp": 100, "security.loginLimitPerAccount": 100, "security.lockoutThreshold": 3, "security.lockoutMinutes": 15 }, actor: SYSTEM_ACTOR });
    const u = await makeUser("Viewer");
    for (let i = 0; i < 3; i++) expect((await tryPassword(u.email, "wrong password!", fromNet(`192.0.2.${i + 1}`))).status).toBe(401);
    const locked = await tryPassword(u.email, PASSWORD, fromNet("192.0.2.99"));
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain("ACCOUNT_LOCKED");
    expect(await db.auditLog.count({ where: { action: "auth.account_locked", resourceId: u.id } })).toBe(1);
    await db.user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() - 1) } });
    expect((await tryPassword(u.email, PASSWORD, fromNet("192.0.2.99"))).status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { id: u.id } })).lockedUntil).toBeNull();

    await updateSettings({ patch: { "security.loginLimitPerAccount": 2, "security.lockoutThreshold": 100 }, actor: SYSTEM_ACTOR });
    resetLoginLimits();
    for (let i = 0; i < 2; i++) await tryPassword(u.email, "wrong password!", fromNet(`192.0.2.${i + 20}`));
    expect((await tryPassword(u.email, PASSWORD, fromNet("192.0.2.30"))).status).toBe(429);
  });

  it("disabling a user ends their sessions at once and refuses new ones", async () => {
    const u = await makeUser("Operator");
    const h = await signIn(u.email);
    expect(await resolveCaller(h)).not.toBeNull();
    await setUserDisabled({ userId: u.id, disabled: true, actor: SYSTEM_ACTOR });
    expect(await resolveCaller(h)).toBeNull();
    expect(await db.session.count({ where: { userId: u.id } })).toBe(0);
    expect((await tryPassword(u.email, PASSWORD, fromNet("192.0.2.1"))).status).toBe(403);
  });
});
