import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/common/page-header";
import { env } from "@/server/env";
import { requirePage } from "@/server/http/page";
import { can } from "@/server/rbac/permissions";
import { getMetricsTokenStatus } from "@/server/services/metrics/metrics-token";
import { listSettings } from "@/server/services/settings/list-settings";
import { PAGE_SETTING_KEYS } from "@/server/services/settings/settings-form.schema";
import { MetricsToken } from "./_components/metrics-token";
import { SettingsForm, type FieldState } from "./_components/settings-form";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const caller = await requirePage("settings:read");
  const canWrite = can(caller.grant, "settings:write");
  const [entries, token] = await Promise.all([listSettings(), getMetricsTokenStatus()]);
  const fields = Object.fromEntries(
    entries.filter((e) => (PAGE_SETTING_KEYS as readonly string[]).includes(e.key)).map((e) => [e.key, { value: e.value, defaultValue: e.defaultValue, isDefault: e.isDefault }]),
  ) as Record<(typeof PAGE_SETTING_KEYS)[number], FieldState>;
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Settings"
        description={
          <>
            Instance-wide settings. Background tasks and their schedules are on{" "}
            <Link href="/tasks" className="underline">
              System tasks
            </Link>
            .
          </>
        }
      />
      <SettingsForm fields={fields} timeZones={Intl.supportedValuesOf("timeZone")} canWrite={canWrite} />
      <MetricsToken configured={token.configured} updatedAt={token.updatedAt} open={env().metricsOpen} canWrite={canWrite} />
    </div>
  );
}
