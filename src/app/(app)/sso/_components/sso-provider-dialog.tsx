"use client";
import { CheckCircle2, Loader2, XCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import type { SsoProviderDto } from "@/server/services/sso/sso-provider-dto";
import { SSO_PRESET_IDS, SSO_PRESETS, type SsoPresetId } from "@/server/services/sso/sso-presets";
import type { DiscoveryResult } from "@/server/services/sso/test-sso-discovery";
import { createSsoProviderAction, testSsoDiscoveryAction, updateSsoProviderAction } from "../actions";

export type GroupOption = { id: string; name: string };
type Props = { onOpenChange: (o: boolean) => void; groups: GroupOption[]; callbackBase: string; provider?: SsoProviderDto };

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);

/** `claim value = Group name` per line ⇄ {claim value: group id}. */
const mappingToText = (m: Record<string, string>, groups: GroupOption[]) =>
  Object.entries(m).map(([v, id]) => `${v} = ${groups.find((g) => g.id === id)?.name ?? id}`).join("\n");
const textToMapping = (text: string, groups: GroupOption[]): { mapping: Record<string, string>; error?: string } => {
  const mapping: Record<string, string> = {};
  for (const line of text.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const i = line.lastIndexOf("=");
    if (i < 1) return { mapping, error: `"${line}" is not "claim value = Group name"` };
    const value = line.slice(0, i).trim();
    const name = line.slice(i + 1).trim();
    const group = groups.find((g) => g.name.toLowerCase() === name.toLowerCase());
    if (!group) return { mapping, error: `No group named "${name}"` };
    mapping[value] = group.id;
  }
  return { mapping };
};

function Toggle({ id, label, hint, checked, onChange }: { id: string; label: string; hint: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="flex items-start justify-between gap-4 rounded-lg border p-3">
      <div className="grid gap-0.5">
        <Label htmlFor={id}>{label}</Label>
        <p className="text-muted-foreground text-xs">{hint}</p>
      </div>
      <Switch id={id} checked={checked} onCheckedChange={onChange} />
    </div>
  );
}

export function SsoProviderDialog({ onOpenChange, groups, callbackBase, provider }: Props) {
  const router = useRouter();
  const [preset, setPreset] = useState<SsoPresetId>(provider?.preset ?? "generic");
  const p = SSO_PRESETS[preset];
  const [name, setName] = useState(provider?.name ?? "");
  const [providerId, setProviderId] = useState(provider?.providerId ?? "");
  const [idTouched, setIdTouched] = useState(false);
  const [issuer, setIssuer] = useState(provider?.issuer ?? "");
  const [clientId, setClientId] = useState(provider?.clientId ?? "");
  const [clientSecret, setClientSecret] = useState("");
  const [scopes, setScopes] = useState(provider ? provider.scopes.join(" ") : p.scopes);
  const [emailClaim, setEmailClaim] = useState(provider?.emailClaim ?? p.emailClaim);
  const [nameClaim, setNameClaim] = useState(provider?.nameClaim ?? p.nameClaim);
  const [groupClaim, setGroupClaim] = useState(provider ? (provider.groupClaim ?? "") : p.groupClaim);
  const [mappingText, setMappingText] = useState(provider ? mappingToText(provider.groupMapping, groups) : "");
  const [domain, setDomain] = useState(provider?.domain ?? "");
  const [enabled, setEnabled] = useState(provider?.enabled ?? true);
  const [allowProvisioning, setAllowProvisioning] = useState(provider?.allowProvisioning ?? false);
  const [defaultGroupId, setDefaultGroupId] = useState(provider?.defaultGroupId ?? "");
  const [trusted, setTrusted] = useState(provider?.trusted ?? false);
  const [autoRedirect, setAutoRedirect] = useState(provider?.autoRedirect ?? false);
  const [discovery, setDiscovery] = useState<DiscoveryResult | null>(null);
  const [mappingError, setMappingError] = useState<string | undefined>();
  const create = useServerAction(createSsoProviderAction);
  const update = useServerAction(updateSsoProviderAction);
  const test = useServerAction(testSsoDiscoveryAction);
  const action = provider ? update : create;
  const effectiveId = provider?.providerId ?? (idTouched ? providerId : slug(name));

  const pickPreset = (id: SsoPresetId) => {
    setPreset(id);
    const next = SSO_PRESETS[id];
    setScopes(next.scopes);
    setEmailClaim(next.emailClaim);
    setNameClaim(next.nameClaim);
    setGroupClaim(next.groupClaim);
    if (!name || Object.values(SSO_PRESETS).some((x) => x.label === name)) setName(next.label);
  };
  const done = () => {
    onOpenChange(false);
    router.refresh();
  };

  return (
    <Dialog open onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[92vh] overflow-y-auto sm:max-w-3xl">
        <DialogHeader>
          <DialogTitle>{provider ? `Edit ${provider.name}` : "Add an SSO provider"}</DialogTitle>
          <DialogDescription>An OpenID Connect identity provider people can sign in with. Bunker reads its endpoints from the issuer&apos;s discovery document.</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-5"
          onSubmit={(e) => {
            e.preventDefault();
            const m = textToMapping(mappingText, groups);
            setMappingError(m.error);
            if (m.error) return;
            const data = { name, preset, issuer, clientId, clientSecret, scopes, emailClaim, nameClaim, groupClaim, groupMapping: m.mapping, domain, enabled, allowProvisioning, defaultGroupId, trusted, autoRedirect };
            if (provider) update.run({ ...data, id: provider.id }, { success: "Provider saved", onSuccess: done });
            else create.run({ ...data, providerId: effectiveId }, { success: "Provider added", onSuccess: done });
          }}
        >
          <FormAlert message={action.error && !action.error.fieldErrors ? action.error.message : null} />
          <div className="grid gap-4 sm:grid-cols-3">
            <FormField id="sso-preset" label="Provider type">
              <NativeSelect id="sso-preset" value={preset} onChange={(e) => pickPreset(e.target.value as SsoPresetId)}>
                {SSO_PRESET_IDS.map((id) => <option key={id} value={id}>{SSO_PRESETS[id].label}</option>)}
              </NativeSelect>
            </FormField>
            <FormField id="sso-name" label="Button label" error={action.fieldError("name")}>
              <Input id="sso-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Company login" required />
            </FormField>
            <FormField id="sso-provider-id" label="Provider ID" error={action.fieldError("providerId")} hint={provider ? "Fixed once created" : "Part of the callback URL"}>
              <Input id="sso-provider-id" value={effectiveId} disabled={!!provider} onChange={(e) => { setIdTouched(true); setProviderId(e.target.value); }} required />
            </FormField>
          </div>

          <div className="bg-muted/40 grid gap-2 rounded-lg border p-3 text-sm" data-testid="sso-setup">
            <p>{p.setup}</p>
            <div className="grid gap-1">
              <span className="text-muted-foreground text-xs font-medium uppercase">Redirect URI to register</span>
              <code className="bg-background rounded border px-2 py-1 text-xs break-all" data-testid="sso-callback-url">{callbackBase}{effectiveId || "<provider-id>"}</code>
            </div>
          </div>

          <div className="grid gap-2">
            <FormField id="sso-issuer" label="Issuer URL" error={action.fieldError("issuer")}>
              <div className="flex gap-2">
                <Input id="sso-issuer" value={issuer} onChange={(e) => { setIssuer(e.target.value); setDiscovery(null); }} placeholder={p.issuerHint} required />
                <Button type="button" variant="outline" disabled={!issuer || test.pending} onClick={() => test.run({ issuer }, { onSuccess: setDiscovery })}>
                  {test.pending ? <Loader2 className="animate-spin" /> : null} Test discovery
                </Button>
              </div>
            </FormField>
            {test.error ? <p className="text-destructive text-sm" role="alert">{test.error.message}</p> : null}
            {discovery ? (
              discovery.ok ? (
                <div className="grid gap-1 rounded-lg border border-emerald-500/40 p-3 text-xs" data-testid="sso-discovery-result">
                  <span className="flex items-center gap-1.5 text-sm font-medium text-emerald-600 dark:text-emerald-400"><CheckCircle2 className="size-4" /> Discovery works: {discovery.discovery.issuer}</span>
                  <span>Authorization: <code>{discovery.discovery.authorizationEndpoint}</code></span>
                  <span>Token: <code>{discovery.discovery.tokenEndpoint}</code> ({discovery.discovery.tokenEndpointAuthentication})</span>
                  <span>Scopes offered: {discovery.discovery.scopesSupported.join(" ") || "not listed"}</span>
                </div>
              ) : (
                <p className="text-destructive flex items-center gap-1.5 text-sm" role="alert" data-testid="sso-discovery-result"><XCircle className="size-4" /> {discovery.error}</p>
              )
            ) : null}
          </div>

          <div className="grid gap-4 sm:grid-cols-2">
            <FormField id="sso-client-id" label="Client ID" error={action.fieldError("clientId")}>
              <Input id="sso-client-id" value={clientId} onChange={(e) => setClientId(e.target.value)} autoComplete="off" required />
            </FormField>
            <FormField id="sso-client-secret" label="Client secret" error={action.fieldError("clientSecret")} hint={provider ? "Leave empty to keep the stored secret" : "Stored encrypted; never shown again"}>
              <Input id="sso-client-secret" type="password" value={clientSecret} onChange={(e) => setClientSecret(e.target.value)} autoComplete="new-password" placeholder={provider?.hasClientSecret ? "•••••••• (unchanged)" : ""} required={!provider} />
            </FormField>
          </div>

          <FormField id="sso-scopes" label="Scopes" error={action.fieldError("scopes")} hint="Space-separated; openid is always requested">
            <Input id="sso-scopes" value={scopes} onChange={(e) => setScopes(e.target.value)} />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-3">
            <FormField id="sso-email-claim" label="Email claim" error={action.fieldError("emailClaim")}>
              <Input id="sso-email-claim" value={emailClaim} onChange={(e) => setEmailClaim(e.target.value)} />
            </FormField>
            <FormField id="sso-name-claim" label="Name claim" error={action.fieldError("nameClaim")}>
              <Input id="sso-name-claim" value={nameClaim} onChange={(e) => setNameClaim(e.target.value)} />
            </FormField>
            <FormField id="sso-group-claim" label="Groups claim" error={action.fieldError("groupClaim")}>
              <Input id="sso-group-claim" value={groupClaim} onChange={(e) => setGroupClaim(e.target.value)} placeholder="none" />
            </FormField>
          </div>

          <FormField id="sso-domain" label="Allowed email domains" error={action.fieldError("domain")} hint="Comma-separated; subdomains match too. Empty allows any address the provider vouches for.">
            <Input id="sso-domain" value={domain} onChange={(e) => setDomain(e.target.value)} placeholder="example.com, corp.example.com" />
          </FormField>

          <div className="grid gap-3">
            <Toggle id="sso-provisioning" label="Allow provisioning" hint="Create a Bunker user on the first sign-in of an unknown email. Off: only users already linked get in." checked={allowProvisioning} onChange={setAllowProvisioning} />
            {allowProvisioning || groupClaim ? (
              <div className="grid gap-4 sm:grid-cols-2">
                <FormField id="sso-default-group" label="Default group" error={action.fieldError("defaultGroupId")} hint="For new users whose claims map to no group">
                  <NativeSelect id="sso-default-group" value={defaultGroupId} onChange={(e) => setDefaultGroupId(e.target.value)}>
                    <option value="">No default</option>
                    {groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
                  </NativeSelect>
                </FormField>
                <FormField id="sso-mapping" label="Group mapping" error={mappingError ?? action.fieldError("groupMapping")} hint={`One per line: value of "${groupClaim || "groups"}" = Bunker group. The first match wins.`}>
                  <Textarea id="sso-mapping" rows={3} value={mappingText} onChange={(e) => setMappingText(e.target.value)} placeholder={"bunker-admins = Admin\nbunker-ops = Operator"} />
                </FormField>
              </div>
            ) : null}
            <Toggle id="sso-trusted" label="Trusted for linking" hint="Link a sign-in to an existing local account with the same email, only when the provider says the email is verified." checked={trusted} onChange={setTrusted} />
            <Toggle id="sso-auto-redirect" label="Auto-redirect" hint="The sign-in page goes straight to this provider (one provider at most). /sign-in?local still shows the password form." checked={autoRedirect} onChange={setAutoRedirect} />
            <Toggle id="sso-enabled" label="Enabled" hint="Disabled providers are hidden from the sign-in page and refuse sign-ins." checked={enabled} onChange={setEnabled} />
          </div>

          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" disabled={action.pending}>{action.pending ? "Checking discovery…" : provider ? "Save provider" : "Add provider"}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
