import { z } from "zod";
import { SSO_PRESET_IDS } from "./sso-presets";

const isHttpUrl = (s: string) => {
  try {
    return ["http:", "https:"].includes(new URL(s).protocol);
  } catch {
    return false;
  }
};

const claim = z.string().trim().max(100).regex(/^[\w.:-]*$/, "Letters, digits, dots, colons, dashes and underscores only");

/** `claim value = group id` pairs, one per line in the form. */
const ZGroupMapping = z.record(z.string().trim().min(1).max(200), z.string().min(1)).default({});

const fields = {
  name: z.string().trim().min(2, "Name is at least 2 characters").max(60),
  preset: z.enum(SSO_PRESET_IDS),
  issuer: z.string().trim().max(500).refine(isHttpUrl, "An http(s) URL, e.g. https://idp.example.com"),
  clientId: z.string().trim().min(1, "Required").max(300),
  scopes: z.string().trim().max(500).transform((s) => [...new Set(["openid", ...s.split(/[\s,]+/).filter(Boolean)])]),
  emailClaim: claim.min(1).default("email"),
  nameClaim: claim.min(1).default("name"),
  groupClaim: claim.optional().transform((s) => s || null),
  groupMapping: ZGroupMapping,
  domain: z.string().trim().max(500).regex(/^[\w.,\s*-]*$/, "Comma-separated domains, e.g. example.com, corp.example.com").default(""),
  enabled: z.boolean().default(true),
  allowProvisioning: z.boolean().default(false),
  defaultGroupId: z.string().optional().transform((s) => s || null),
  trusted: z.boolean().default(false),
  autoRedirect: z.boolean().default(false),
};

export const ZCreateSsoProvider = z.object({
  ...fields,
  providerId: z.string().trim().min(2).max(40).regex(/^[a-z0-9][a-z0-9-]*$/, "Lowercase letters, digits and dashes; used in the callback URL"),
  clientSecret: z.string().min(1, "Required").max(2000),
});
export type TCreateSsoProvider = z.infer<typeof ZCreateSsoProvider>;

/** On edit an empty client secret keeps the stored one. */
export const ZUpdateSsoProvider = z.object({
  ...fields,
  id: z.string().min(1),
  clientSecret: z.string().max(2000).optional().transform((s) => s || null),
});
export type TUpdateSsoProvider = z.infer<typeof ZUpdateSsoProvider>;

export const ZSsoProviderId = z.object({ id: z.string().min(1) });
export const ZSetSsoEnabled = z.object({ id: z.string().min(1), enabled: z.boolean() });
export const ZTestDiscovery = z.object({ issuer: fields.issuer });
