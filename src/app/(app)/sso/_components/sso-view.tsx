"use client";
import { KeyRound, Pencil, Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { EmptyState } from "@/components/common/empty-state";
import { PageHeader } from "@/components/common/page-header";
import { ConfirmDelete } from "@/components/data-table/confirm-dialog";
import { useServerAction } from "@/components/forms/use-server-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import type { SsoProviderDto } from "@/server/services/sso/sso-provider-dto";
import { SSO_PRESETS } from "@/server/services/sso/sso-presets";
import { deleteSsoProviderAction, setSsoProviderEnabledAction } from "../actions";
import { type GroupOption, SsoProviderDialog } from "./sso-provider-dialog";

type Props = { providers: SsoProviderDto[]; groups: GroupOption[]; callbackBase: string; canWrite: boolean };

export function SsoView({ providers, groups, callbackBase, canWrite }: Props) {
  const router = useRouter();
  const [editing, setEditing] = useState<SsoProviderDto | "new" | null>(null);
  const [deleting, setDeleting] = useState<SsoProviderDto | null>(null);
  const del = useServerAction(deleteSsoProviderAction);
  const toggle = useServerAction(setSsoProviderEnabledAction);
  const groupName = (id: string | null) => groups.find((g) => g.id === id)?.name ?? "none";

  return (
    <>
      <PageHeader
        title="Single sign-on"
        description="OpenID Connect providers people can sign in with. Users sign in on /sign-in; /sign-in?local always shows the password form."
        actions={canWrite ? <Button onClick={() => setEditing("new")}><Plus /> Add provider</Button> : null}
      />
      {providers.length === 0 ? (
        <EmptyState icon={<KeyRound />} title="No SSO providers" description="Add Authentik, Keycloak, Authelia, Pocket ID or any OpenID Connect provider." />
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {providers.map((p) => (
            <Card key={p.id} data-testid={`sso-card-${p.providerId}`}>
              <CardHeader>
                <CardTitle className="flex flex-wrap items-center gap-2">
                  {p.name}
                  <Badge variant="secondary">{SSO_PRESETS[p.preset]?.label ?? p.preset}</Badge>
                  {p.enabled ? null : <Badge variant="outline">Disabled</Badge>}
                  {p.autoRedirect ? <Badge variant="outline">Auto-redirect</Badge> : null}
                </CardTitle>
                <CardDescription className="break-all">{p.issuer}</CardDescription>
                {canWrite ? (
                  <CardAction className="flex items-center gap-1">
                    <Switch
                      aria-label={`${p.enabled ? "Disable" : "Enable"} ${p.name}`}
                      checked={p.enabled}
                      disabled={toggle.pending}
                      onCheckedChange={(enabled) => toggle.run({ id: p.id, enabled }, { success: enabled ? "Provider enabled" : "Provider disabled", toastError: true, onSuccess: () => router.refresh() })}
                    />
                    <Button variant="ghost" size="icon" aria-label={`Edit ${p.name}`} onClick={() => setEditing(p)}><Pencil /></Button>
                    <Button variant="ghost" size="icon" aria-label={`Delete ${p.name}`} onClick={() => setDeleting(p)}><Trash2 /></Button>
                  </CardAction>
                ) : null}
              </CardHeader>
              <CardContent className="grid gap-1.5 text-sm">
                <Row label="Callback URL"><code className="text-xs break-all">{p.callbackUrl}</code></Row>
                <Row label="Client ID"><code className="text-xs">{p.clientId}</code></Row>
                <Row label="Email domains">{p.domain || "any"}</Row>
                <Row label="Provisioning">{p.allowProvisioning ? `on, default group ${groupName(p.defaultGroupId)}` : "off"}</Row>
                {p.groupClaim && Object.keys(p.groupMapping).length ? (
                  <Row label={`Claim "${p.groupClaim}"`}>{Object.entries(p.groupMapping).map(([v, id]) => `${v} → ${groupName(id)}`).join(", ")}</Row>
                ) : null}
                <Row label="Account linking">{p.trusted ? "trusted (verified emails only)" : "off"}</Row>
              </CardContent>
            </Card>
          ))}
        </div>
      )}
      {editing ? (
        <SsoProviderDialog onOpenChange={(o) => !o && setEditing(null)} groups={groups} callbackBase={callbackBase} provider={editing === "new" ? undefined : editing} />
      ) : null}
      <ConfirmDelete
        target={deleting}
        onClose={() => setDeleting(null)}
        description="Users keep their Bunker accounts but lose the link to this provider; those without a password or passkey can no longer sign in."
        onConfirm={(p) => del.run({ id: p.id }, { success: "Provider deleted", toastError: true, onSuccess: () => router.refresh() })}
      />
    </>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[8.5rem_1fr] gap-2">
      <span className="text-muted-foreground">{label}</span>
      <span>{children}</span>
    </div>
  );
}
