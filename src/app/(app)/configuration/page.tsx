import type { Metadata } from "next";
import { PageHeader } from "@/components/common/page-header";
import { db } from "@/server/db";
import { requirePage } from "@/server/http/page";
import { can } from "@/server/rbac/permissions";
import { getSelfBackupSettings } from "@/server/services/config-transfer/self-backup-settings";
import { ExportCard } from "./_components/export-card";
import { ImportCard } from "./_components/import-card";
import { SelfBackupCard } from "./_components/self-backup-card";

export const metadata: Metadata = { title: "Configuration" };
export const dynamic = "force-dynamic";

export default async function ConfigurationPage() {
  const caller = await requirePage("settings:write");
  const canSecrets = can(caller.grant, "vault:write");
  const [selfBackup, destinations] = await Promise.all([
    getSelfBackupSettings(),
    db.adapterConfig.findMany({ where: { kind: "destination" }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Configuration"
        description="Export every source, destination, notifier, job, encryption profile, group and setting as one file, and import it into a new instance: with the storage, that is all it takes to rebuild a lost Bunker."
      />
      <ExportCard canSecrets={canSecrets} />
      <ImportCard canImport={canSecrets} />
      <SelfBackupCard settings={selfBackup} destinations={destinations} />
    </div>
  );
}
