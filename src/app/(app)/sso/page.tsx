import type { Metadata } from "next";
import { env } from "@/server/env";
import { requirePage } from "@/server/http/page";
import { can } from "@/server/rbac/permissions";
import { listGroups } from "@/server/services/groups/list-groups";
import { listSsoProviders } from "@/server/services/sso/list-sso-providers";
import { SsoView } from "./_components/sso-view";

export const metadata: Metadata = { title: "Single sign-on" };

export default async function SsoPage() {
  const caller = await requirePage("settings:read");
  const [providers, groups] = await Promise.all([listSsoProviders(), listGroups()]);
  return (
    <div className="grid gap-6">
      <SsoView
        providers={providers}
        groups={groups.map((g) => ({ id: g.id, name: g.name }))}
        callbackBase={`${env().authUrl}/api/auth/sso/callback/`}
        canWrite={can(caller.grant, "settings:write")}
      />
    </div>
  );
}
