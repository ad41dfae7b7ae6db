import type { Metadata } from "next";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { PageHeader } from "@/components/common/page-header";
import { requirePage } from "@/server/http/page";
import { can } from "@/server/rbac/permissions";
import { grantedPermissions } from "@/server/services/api-keys/api-key-permissions";
import { listApiKeys } from "@/server/services/api-keys/list-api-keys";
import { getPreferences, getShellPreferences } from "@/server/services/profile/preferences";
import { getSecurityOverview } from "@/server/services/profile/security-overview";
import { getSetting } from "@/server/services/settings/get-settings";
import { listSessions } from "@/server/services/sessions/list-sessions";
import { ApiKeysCard } from "./_components/api-keys-card";
import { LinkedProvidersCard } from "./_components/linked-providers-card";
import { PasskeysCard } from "./_components/passkeys-card";
import { PasswordForm } from "./_components/password-form";
import { PreferencesCard } from "./_components/preferences-card";
import { ProfileImageCard } from "./_components/profile-image-card";
import { ProfileForm } from "./_components/profile-form";
import { SessionsCard } from "./_components/sessions-card";
import { TwoFactorCard } from "./_components/two-factor-card";

export const metadata: Metadata = { title: "Profile" };
export const dynamic = "force-dynamic";

const renderedAt = () => new Date().toISOString();

export default async function ProfilePage() {
  const caller = await requirePage("authenticated");
  const [security, sessions, keys, prefs, shell, instanceZone] = await Promise.all([
    getSecurityOverview(caller.userId),
    listSessions(caller.userId, caller.sessionId),
    listApiKeys(caller.userId),
    getPreferences(caller.userId),
    getShellPreferences(caller.userId),
    getSetting("system.timezone"),
  ]);
  const zones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
  if (prefs.timezone && !zones.includes(prefs.timezone)) zones.push(prefs.timezone);
  return (
    <div className="grid max-w-4xl gap-6">
      <PageHeader title="Profile" description={`Your account. You are in the ${caller.groupName} group.`} />
      {caller.needsTwoFactor && (
        <Alert variant="destructive">
          <AlertDescription>Your group requires two-factor authentication. Set up an authenticator app or add a passkey below to use the rest of Bunker.</AlertDescription>
        </Alert>
      )}
      <ProfileForm name={caller.name} email={caller.email} />
      <ProfileImageCard name={caller.name} image={shell.image} />
      <PreferencesCard {...prefs} instanceZone={instanceZone} zones={zones} now={renderedAt()} />
      {security.hasPassword && <PasswordForm />}
      <h2 className="mt-2 text-lg font-semibold tracking-tight" id="security">Security</h2>
      <TwoFactorCard enabled={security.twoFactorEnabled} hasPassword={security.hasPassword} required={security.groupRequiresTwoFactor} />
      <PasskeysCard passkeys={security.passkeys} />
      <SessionsCard sessions={sessions} />
      <ApiKeysCard keys={keys} grantable={grantedPermissions(caller.grant)} canCreate={can(caller.grant, "apikeys:write")} />
      <LinkedProvidersCard providers={security.linkedProviders} />
    </div>
  );
}
