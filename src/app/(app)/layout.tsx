import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requirePage } from "@/server/http/page";
import { getSetting } from "@/server/services/settings/get-settings";
import { signOutAction } from "./actions";
import { navFor } from "./nav";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const caller = await requirePage("authenticated");
  const instanceName = await getSetting("instance.name");
  return (
    <AppShell
      nav={navFor(caller.grant)}
      user={{ name: caller.name, email: caller.email, groupName: caller.groupName }}
      instanceName={instanceName === "Bunker" ? "Backup console" : instanceName}
      signOutAction={signOutAction}
    >
      {children}
    </AppShell>
  );
}
