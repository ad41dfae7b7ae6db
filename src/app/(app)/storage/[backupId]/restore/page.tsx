import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { ArrowLeftIcon } from "lucide-react";
import { PageHeader } from "@/components/common/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { formatBytes } from "@/lib/backup/format-bytes";
import { formatDateTime } from "@/lib/format";
import { isAppError } from "@/server/errors";
import { requirePage } from "@/server/http/page";
import { notFound } from "next/navigation";
import { getRestoreWizard, type RestoreWizard } from "@/server/services/restore/get-restore-wizard";
import { getSetting } from "@/server/services/settings/get-settings";
import { RestoreWizardForm } from "./_components/restore-wizard";

export const metadata: Metadata = { title: "Restore backup" };

const ENGINE_LABEL: Record<string, string> = { postgres: "PostgreSQL", mysql: "MySQL / MariaDB", sqlite: "SQLite", redis: "Redis" };

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid min-w-0 content-start gap-1">
      <dt className="text-muted-foreground text-xs font-medium">{label}</dt>
      <dd className="truncate text-sm font-medium">{children}</dd>
    </div>
  );
}

function Verification({ b, timezone }: { b: RestoreWizard["backup"]; timezone: string }) {
  if (b.verifyStatus === "ok") return <Badge variant="secondary" title={b.verifiedAt ? formatDateTime(b.verifiedAt, timezone) : undefined}>Verified</Badge>;
  if (b.verifyStatus === "failed") return <Badge variant="destructive" title={b.verifyError ?? undefined}>Verification failed</Badge>;
  return <span className="text-muted-foreground">Not verified yet</span>;
}

export default async function RestorePage({ params }: { params: Promise<{ backupId: string }> }) {
  await requirePage("storage:restore");
  const { backupId } = await params;
  let wizard: RestoreWizard;
  try {
    wizard = await getRestoreWizard(backupId);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const timezone = await getSetting("system.timezone");
  const b = wizard.backup;
  return (
    <div className="grid gap-6">
      <div className="grid gap-3">
        <Link href="/storage" className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 text-sm">
          <ArrowLeftIcon className="size-3.5" /> Storage
        </Link>
        <PageHeader
          title={`Restore ${b.databaseName}`}
          description="Pick where it goes, check the target, then start. The backup is verified in full before the target is touched."
        />
      </div>
      <Card className="py-5" data-testid="restore-backup">
        <CardContent>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-5 sm:grid-cols-4">
            <Fact label="Job">{b.jobName ?? <span className="text-muted-foreground">Deleted</span>}</Fact>
            <Fact label="Database">{b.databaseName}</Fact>
            <Fact label="Engine">
              {ENGINE_LABEL[b.engine] ?? b.engine}
              {b.serverVersion ? <span className="text-muted-foreground font-normal"> · {b.serverVersion}</span> : null}
            </Fact>
            <Fact label="Created">{formatDateTime(b.createdAt, timezone)}</Fact>
            <Fact label="Size">
              {formatBytes(b.sizeBytes)}
              {b.rawBytes ? <span className="text-muted-foreground font-normal"> ({formatBytes(b.rawBytes)} raw, {b.compression})</span> : null}
            </Fact>
            <Fact label="Encryption">{b.encrypted ? `age${b.profileName ? ` · ${b.profileName}` : ""}` : "None"}</Fact>
            <Fact label="Destination">{b.destinationName}</Fact>
            <Fact label="Verification">
              <Verification b={b} timezone={timezone} />
            </Fact>
          </dl>
          <p className="text-muted-foreground mt-4 truncate font-mono text-xs" title={b.key}>{b.key}</p>
        </CardContent>
      </Card>
      <RestoreWizardForm backupId={b.id} engine={b.engine} sources={wizard.sources} />
    </div>
  );
}
