import type { Metadata } from "next";
import Link from "next/link";
import { BellIcon, ScrollTextIcon } from "lucide-react";
import { NotifierTable } from "@/components/adapters/notifier-table";
import { TypePicker } from "@/components/adapters/type-picker";
import { EmptyState } from "@/components/common/empty-state";
import { PageHeader } from "@/components/common/page-header";
import { Button } from "@/components/ui/button";
import { requirePage } from "@/server/http/page";
import { can } from "@/server/rbac/permissions";
import { entriesOf } from "@/server/services/adapters/adapter-kinds";
import { listNotifiers } from "@/server/services/notifications/list-notifiers";
import { getSettings } from "@/server/services/settings/get-settings";
import { cloneNotifierAction, deleteNotifierAction, saveNotificationSettingsAction, sendStoredTestAction } from "./actions";
import { SystemEventsForm } from "./_components/system-events-form";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const caller = await requirePage("notifications:read");
  const canWrite = can(caller.grant, "notifications:write");
  const [notifiers, settings] = await Promise.all([listNotifiers(), getSettings()]);
  const types = entriesOf("notifier").map(([id, e]) => ({ id, label: e.label, description: e.description }));
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Notifications"
        description="Where Bunker tells you about failed, partial and missing backups, restores, verification and offline servers. Pick notifiers per job on the job's page."
        actions={
          <>
            <Button variant="outline" asChild>
              <Link href="/notifications/deliveries">
                <ScrollTextIcon /> Delivery log
              </Link>
            </Button>
            {canWrite ? <TypePicker kind="notifier" basePath="/notifications" types={types} /> : null}
          </>
        }
      />
      {notifiers.length === 0 ? (
        <EmptyState icon={<BellIcon />} title="No notifiers yet" description="Add an email address, a webhook, Slack, Discord, Teams, Telegram, ntfy or Gotify, then press Send test." />
      ) : (
        <NotifierTable rows={notifiers} canWrite={canWrite} actions={{ test: sendStoredTestAction, clone: cloneNotifierAction, remove: deleteNotifierAction }} />
      )}
      <SystemEventsForm
        notifiers={notifiers.map((n) => ({ id: n.id, name: n.name, typeLabel: n.typeLabel }))}
        initial={{ systemRoutes: settings["notifications.systemRoutes"], missingBackupHours: settings["notifications.missingBackupHours"] }}
        canWrite={canWrite}
        save={saveNotificationSettingsAction}
      />
    </div>
  );
}
