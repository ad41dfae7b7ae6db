/** An OIDC provider (also used by tests/e2e/auth-sso.spec.ts) (oidc-provider) running in-process on 127.0.0.1, with devInteractions login and consent. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type IdpUser = { email: string; name: string; groups: string[]; emailVerified?: boolean };

export const startIdp = async (opts: { clientId: string; clientSecret: string; redirectUris: string[]; users: (login: string) => IdpUser | undefined }) => {
  // oidc-provider is ESM-only and untyped. Playwright compiles specs to CommonJS, where import() would become
  // require(); a function-built import() stays native there. Vitest refuses that form and takes the plain one.
  const name = "oidc-provider";
  const nativeImport = new Function("m", "return import(m)") as (m: string) => Promise<unknown>;
  const mod: unknown = await nativeImport(name).catch(() => import(/* @vite-ignore */ name));
  const { default: Provider } = mod as { default: new (issuer: string, cfg: unknown) => { callback: () => (req: IncomingMessage, res: ServerResponse) => void } };
  const srv: Server = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const issuer = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: opts.clientId, client_secret: opts.clientSecret, redirect_uris: opts.redirectUris, grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "client_secret_basic" }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    scopes: ["openid", "email", "profile", "groups"],
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    conformIdTokenClaims: false,
    cookies: { keys: ["test-cookie-key"] },
    async findAccount(_ctx: unknown, id: string) {
      const u = opts.users(id);
      if (!u) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, email: u.email, email_verified: u.emailVerified ?? true, name: u.name, groups: u.groups }) };
    },
  });
  srv.on("request", provider.callback());
  return { issuer, close: () => new Promise<void>((r) => { srv.closeAllConnections(); srv.close(() => r()); }) };
};

/** A tiny browser for the IdP side: follows redirects, keeps cookies, fills the devInteractions forms. */
export const loginAtIdp = async (authorizeUrl: string, login: string, stopAt: string): Promise<string> => {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  let url = authorizeUrl;
  let method = "GET";
  let body: URLSearchParams | undefined;
  for (let hops = 0; hops < 20; hops++) {
    if (url.startsWith(stopAt)) return url;
    const res = await fetch(url, { method, body, redirect: "manual", headers: { cookie: cookieHeader(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) } });
    keep(res);
    method = "GET";
    body = undefined;
    const loc = res.headers.get("location");
    if (loc) {
      url = new URL(loc, url).toString();
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`IdP answered ${res.status}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at ${url}: ${html.slice(0, 300)}`);
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1] ?? (html.includes('name="login"') ? "login" : "consent");
    method = "POST";
    body = new URLSearchParams(prompt === "login" ? { prompt, login, password: "x" } : { prompt });
    url = new URL(action, url).toString();
  }
  throw new Error("too many redirects at the IdP");
};
