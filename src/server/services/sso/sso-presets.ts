/**
 * What Bunker knows about common identity providers, to pre-fill the add-provider form. Pure data: the
 * admin page (client side) and the schema both read it.
 */
export const SSO_PRESET_IDS = ["generic", "authentik", "keycloak", "authelia", "pocketid"] as const;
export type SsoPresetId = (typeof SSO_PRESET_IDS)[number];

export type SsoPreset = {
  id: SsoPresetId;
  label: string;
  /** Shown as the issuer field's placeholder */
  issuerHint: string;
  scopes: string;
  emailClaim: string;
  nameClaim: string;
  groupClaim: string;
  /** Where the admin creates the OIDC client at the IdP */
  setup: string;
};

export const SSO_PRESETS: Record<SsoPresetId, SsoPreset> = {
  generic: {
    id: "generic",
    label: "Generic OIDC",
    issuerHint: "https://idp.example.com",
    scopes: "openid email profile",
    emailClaim: "email",
    nameClaim: "name",
    groupClaim: "groups",
    setup: "Create a confidential OIDC client (authorization code flow, PKCE S256) at your provider. The issuer must serve /.well-known/openid-configuration.",
  },
  authentik: {
    id: "authentik",
    label: "Authentik",
    issuerHint: "https://authentik.example.com/application/o/<application-slug>/",
    scopes: "openid email profile",
    emailClaim: "email",
    nameClaim: "name",
    groupClaim: "groups",
    setup: "In Authentik: Applications → Providers → Create → OAuth2/OpenID Provider, client type Confidential; then create an Application that uses it. The issuer is shown on the provider page (OpenID Configuration Issuer).",
  },
  keycloak: {
    id: "keycloak",
    label: "Keycloak",
    issuerHint: "https://keycloak.example.com/realms/<realm>",
    scopes: "openid email profile",
    emailClaim: "email",
    nameClaim: "name",
    groupClaim: "groups",
    setup: "In Keycloak: your realm → Clients → Create client (OpenID Connect), Client authentication on, Standard flow on. The secret is on the Credentials tab. For groups, add a \"Group Membership\" mapper named groups (Full group path off).",
  },
  authelia: {
    id: "authelia",
    label: "Authelia",
    issuerHint: "https://auth.example.com",
    scopes: "openid email profile groups",
    emailClaim: "email",
    nameClaim: "name",
    groupClaim: "groups",
    setup: "In Authelia's configuration: identity_providers.oidc.clients, add a client with client_id, a hashed client_secret, authorization_policy, scopes [openid, email, profile, groups] and the redirect URI below.",
  },
  pocketid: {
    id: "pocketid",
    label: "Pocket ID",
    issuerHint: "https://id.example.com",
    scopes: "openid email profile groups",
    emailClaim: "email",
    nameClaim: "name",
    groupClaim: "groups",
    setup: "In Pocket ID: Administration → OIDC Clients → Add OIDC client, with the callback URL below. Pocket ID sends user groups in the groups claim.",
  },
};
