import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { ThemePreference } from "@/components/theme/theme-preference";
import { requirePage } from "@/server/http/page";
import { getShellPreferences } from "@/server/services/profile/preferences";
import { getSetting } from "@/server/services/settings/get-settings";
import { signOutAction } from "./actions";
import { navFor } from "./nav";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const caller = await requirePage("authenticated");
  const [instanceName, prefs] = await Promise.all([getSetting("instance.name"), getShellPreferences(caller.userId)]);
  return (
    <AppShell
      nav={navFor(caller.grant)}
      user={{ name: caller.name, email: caller.email, groupName: caller.groupName, image: prefs.image }}
      instanceName={instanceName === "Bunker" ? "Backup console" : instanceName}
      signOutAction={signOutAction}
    >
      <ThemePreference theme={prefs.theme} />
      {children}
    </AppShell>
  );
}
