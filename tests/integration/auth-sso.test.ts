import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isSealed } from "@/lib/crypto/secrets";
import { auth } from "@/server/auth/auth";
import { emailInDomain, groupForClaims } from "@/server/auth/sso-policy";
import { db } from "@/server/db";
import type { Actor } from "@/server/services/audit/audit-context";
import { createSsoProvider } from "@/server/services/sso/create-sso-provider";
import { deleteSsoProvider } from "@/server/services/sso/delete-sso-provider";
import { listSsoProviders } from "@/server/services/sso/list-sso-providers";
import { ZCreateSsoProvider, ZUpdateSsoProvider } from "@/server/services/sso/sso.schema";
import { testSsoDiscovery } from "@/server/services/sso/test-sso-discovery";
import { secretRows } from "@/server/services/keys/secret-stores";
import { seal, unseal } from "@/server/secrets";
import { updateSsoProvider } from "@/server/services/sso/update-sso-provider";
import { groupId, resetDb } from "./helpers/db";
import { type IdpUser, loginAtIdp, startIdp } from "./helpers/oidc-idp";
import { makeUser } from "./helpers/users";

const APP = "http://localhost:3999";
const CLIENT = { id: "bunker", secret: `s3cret-${randomUUID()}` };
const idpUsers = new Map<string, IdpUser>();
let idp: Awaited<ReturnType<typeof startIdp>>;
let actor: Actor;

const callback = (providerId: string) => `${APP}/api/auth/sso/callback/${providerId}`;
const PROVIDER_IDS = ["idp-main", "idp-closed", "idp-trusted", "idp-untrusted", "idp-mapped", "idp-disabled"];

const makeProvider = async (providerId: string, over: Record<string, unknown> = {}) =>
  createSsoProvider({
    data: ZCreateSsoProvider.parse({
      providerId, name: `Test ${providerId}`, preset: "generic", issuer: idp.issuer, clientId: CLIENT.id, clientSecret: CLIENT.secret,
      scopes: "openid email profile groups", emailClaim: "email", nameClaim: "name", groupClaim: "", groupMapping: {}, domain: "",
      enabled: true, allowProvisioning: true, defaultGroupId: await groupId("Operator"), trusted: false, autoRedirect: false, ...over,
    }),
    actor,
  });

/** Drives the browser side of the authorization-code flow: Bunker → IdP login + consent → Bunker callback. */
const ssoSignIn = async (providerId: string, login: string) => {
  const start = await auth().handler(new Request(`${APP}/api/auth/sign-in/sso`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: APP },
    body: JSON.stringify({ providerId, callbackURL: "/", errorCallbackURL: "/sign-in" }),
  }));
  expect(start.status).toBe(200);
  const { url } = (await start.json()) as { url: string };
  const appCookies = start.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const back = await loginAtIdp(url, login, callback(providerId));
  const res = await auth().handler(new Request(back, { headers: { cookie: appCookies } }));
  return { status: res.status, location: res.headers.get("location") ?? "", session: res.headers.getSetCookie().some((c) => c.startsWith("better-auth.session_token=") && !c.includes("Max-Age=0")) };
};

beforeAll(async () => {
  const redirects = PROVIDER_IDS.map(callback);
  idp = await startIdp({ clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: redirects, users: (login) => idpUsers.get(login) });
});
afterAll(async () => {
  await idp?.close();
});
beforeEach(async () => {
  await db.ssoProvider.deleteMany();
  await resetDb();
  const admin = await makeUser("Admin");
  actor = { kind: "user", userId: admin.id, email: admin.email };
});

describe("SSO provider services", () => {
  it("creates a provider from discovery with the client secret sealed, never returned, and audited without it", async () => {
    const dto = await makeProvider("idp-main");
    expect(dto).not.toHaveProperty("clientSecret");
    expect(dto.hasClientSecret).toBe(true);
    expect(dto.callbackUrl).toBe(callback("idp-main"));
    const row = await db.ssoProvider.findUniqueOrThrow({ where: { providerId: "idp-main" } });
    const cfg = JSON.parse(row.oidcConfig!) as Record<string, string>;
    expect(isSealed(cfg.clientSecret!)).toBe(true);
    expect(row.oidcConfig).not.toContain(CLIENT.secret);
    expect(cfg.tokenEndpoint).toMatch(new RegExp(`^${idp.issuer}/`));
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "sso.create" } });
    expect(JSON.stringify(audit)).not.toContain(CLIENT.secret);
    expect(JSON.stringify(await listSsoProviders())).not.toContain(cfg.clientSecret);
  });

  it("keeps the stored secret when the edit leaves it empty, and replaces it when given", async () => {
    const dto = await makeProvider("idp-main");
    const sealed = () => db.ssoProvider.findUniqueOrThrow({ where: { id: dto.id } }).then((r) => (JSON.parse(r.oidcConfig!) as { clientSecret: string }).clientSecret);
    const first = await sealed();
    const base = { ...dto, scopes: dto.scopes.join(" "), groupClaim: "", domain: "example.test", clientSecret: "" };
    await updateSsoProvider({ data: ZUpdateSsoProvider.parse(base), actor });
    expect(await sealed()).toBe(first);
    await updateSsoProvider({ data: ZUpdateSsoProvider.parse({ ...base, clientSecret: "other" }), actor });
    expect(await sealed()).not.toBe(first);
    expect((await db.ssoProvider.findUniqueOrThrow({ where: { id: dto.id } })).domain).toBe("example.test");
  });

  it("tests discovery against the running provider and reports a clear error for a wrong issuer", async () => {
    const ok = await testSsoDiscovery(idp.issuer);
    expect(ok.ok && ok.discovery.issuer).toBe(idp.issuer);
    const bad = await testSsoDiscovery(`${idp.issuer}/nope`);
    expect(bad).toEqual({ ok: false, error: expect.stringMatching(/HTTP 404/) });
    const down = await testSsoDiscovery("http://127.0.0.1:1");
    expect(down.ok).toBe(false);
  });

  it("refuses provisioning with no group to land in", async () => {
    await expect(makeProvider("idp-main", { defaultGroupId: "" })).rejects.toThrow(/default group or a claim mapping/);
  });

  it("lists the sealed client secret for master-key rotation, and a re-wrapped secret still signs in", async () => {
    const dto = await makeProvider("idp-main");
    const rows = [];
    for await (const r of secretRows({ kind: "sso-provider" })) rows.push(r);
    expect(rows.map((r) => [r.id, r.values.map((v) => v.field)])).toEqual([[dto.id, ["clientSecret"]]]);
    const v = rows[0]!.values[0]!;
    expect(v.context).toBe("sso-provider:client-secret");
    // what rotation writes: the same secret under a fresh seal (rewrap() is a no-op under the current key)
    const again = seal(unseal(v.sealed, v.context), v.context);
    expect(again).not.toBe(v.sealed);
    expect(await rows[0]!.save(new Map([["clientSecret", again]]))).toBe(true);
    const u = `sso-${randomUUID().slice(0, 8)}`;
    idpUsers.set(u, { email: `${u}@example.test`, name: "Rewrapped", groups: [] });
    expect((await ssoSignIn("idp-main", u)).session).toBe(true);
  });

  it("deletes a provider and audits it", async () => {
    const dto = await makeProvider("idp-main");
    await deleteSsoProvider({ id: dto.id, actor });
    expect(await db.ssoProvider.count()).toBe(0);
    expect(await db.auditLog.count({ where: { action: "sso.delete" } })).toBe(1);
  });
});

describe("SSO policy helpers", () => {
  it("matches email domains, subdomains included, and an empty list allows all", () => {
    expect(emailInDomain("a@example.test", "")).toBe(true);
    expect(emailInDomain("a@corp.example.test", "example.test")).toBe(true);
    expect(emailInDomain("a@evil-example.test", "example.test")).toBe(false);
    expect(emailInDomain("a@other.test", "example.test, other.test")).toBe(true);
  });
  it("picks the mapped group from the claim, else the default", () => {
    expect(groupForClaims({ groups: ["x", "admins"] }, "groups", JSON.stringify({ admins: "g-admin" }), "g-def")).toBe("g-admin");
    expect(groupForClaims({ groups: ["x"] }, "groups", JSON.stringify({ admins: "g-admin" }), "g-def")).toBe("g-def");
    expect(groupForClaims({ groups: "admins ops" }, "groups", JSON.stringify({ ops: "g-ops" }), null)).toBe("g-ops");
  });
});

describe("signing in through a real OIDC provider", () => {
  const login = (groups: string[] = [], emailVerified = true, email?: string) => {
    const id = `sso-${randomUUID().slice(0, 8)}`;
    idpUsers.set(id, { email: email ?? `${id}@example.test`, name: `SSO ${id}`, groups, emailVerified });
    return { id, email: email ?? `${id}@example.test` };
  };

  it("provisions a new user into the provider's default group and signs them in", async () => {
    await makeProvider("idp-main");
    const u = login();
    const r = await ssoSignIn("idp-main", u.id);
    expect(r.location).toBe("/");
    expect(r.session).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { email: u.email } });
    expect(user.groupId).toBe(await groupId("Operator"));
    expect(await db.account.count({ where: { userId: user.id, providerId: "idp-main" } })).toBe(1);
    // a second sign-in goes through the existing link
    const again = await ssoSignIn("idp-main", u.id);
    expect(again.session).toBe(true);
    expect(await db.user.count({ where: { email: u.email } })).toBe(1);
  });

  it("maps a group claim to a group", async () => {
    await makeProvider("idp-mapped", { groupClaim: "groups", groupMapping: { "bunker-admins": await groupId("Admin") } });
    const u = login(["staff", "bunker-admins"]);
    expect((await ssoSignIn("idp-mapped", u.id)).session).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { email: u.email } })).groupId).toBe(await groupId("Admin"));
  });

  it("refuses an unknown user when provisioning is off", async () => {
    await makeProvider("idp-closed", { allowProvisioning: false });
    const u = login();
    const r = await ssoSignIn("idp-closed", u.id);
    expect(r.session).toBe(false);
    expect(r.location).toMatch(/^\/sign-in\?error=SSO_NO_PROVISIONING&error_description=No\+Bunker\+account/);
    expect(await db.user.count({ where: { email: u.email } })).toBe(0);
  });

  it("refuses an email outside the provider's domain", async () => {
    await makeProvider("idp-main", { domain: "corp.test" });
    const u = login();
    const r = await ssoSignIn("idp-main", u.id);
    expect(r.session).toBe(false);
    expect(r.location).toMatch(/error=SSO_EMAIL_DOMAIN/);
    expect(await db.user.count({ where: { email: u.email } })).toBe(0);
  });

  it("refuses a disabled provider", async () => {
    await makeProvider("idp-disabled", { enabled: false });
    const r = await ssoSignIn("idp-disabled", login().id).catch(() => ({ session: false }));
    expect(r.session).toBe(false);
  });

  it("links to an existing local account only from a trusted provider with a verified email", async () => {
    const local = await makeUser("Viewer");
    await makeProvider("idp-untrusted");
    await makeProvider("idp-trusted", { trusted: true });
    const untrusted = await ssoSignIn("idp-untrusted", login([], true, local.email).id);
    expect([untrusted.session, untrusted.location]).toEqual([false, expect.stringMatching(/error=SSO_NOT_LINKED/)]);
    const unverified = await ssoSignIn("idp-trusted", login([], false, local.email).id);
    expect([unverified.session, unverified.location]).toEqual([false, expect.stringMatching(/error=SSO_EMAIL_UNVERIFIED/)]);
    expect(await db.account.count({ where: { userId: local.id, providerId: { startsWith: "idp-" } } })).toBe(0);
    expect((await ssoSignIn("idp-trusted", login([], true, local.email).id)).session).toBe(true);
    expect(await db.account.count({ where: { userId: local.id, providerId: "idp-trusted" } })).toBe(1);
    // linking keeps the local user's group
    expect((await db.user.findUniqueOrThrow({ where: { id: local.id } })).groupId).toBe(await groupId("Viewer"));
  });
});
