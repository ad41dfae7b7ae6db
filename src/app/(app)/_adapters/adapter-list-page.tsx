import { Database, HardDrive } from "lucide-react";
import { AdapterTable } from "@/components/adapters/adapter-table";
import { TypePicker } from "@/components/adapters/type-picker";
import type { RowActions } from "@/components/adapters/types";
import { EmptyState } from "@/components/common/empty-state";
import { PageHeader } from "@/components/common/page-header";
import { requirePage } from "@/server/http/page";
import { can } from "@/server/rbac/permissions";
import { type AdapterKind, entriesOf } from "@/server/services/adapters/adapter-kinds";
import { getHealthHistory } from "@/server/services/adapters/get-health-history";
import { listAdapterConfigs } from "@/server/services/adapters/list-adapter-configs";
import { adapterSummary } from "./adapter-summary";

const COPY = {
  source: { title: "Sources", description: "The databases Bunker backs up. Each is checked every minute; 3 failures in a row mark it offline.", empty: "No sources yet", emptyText: "Add the PostgreSQL, MySQL/MariaDB, SQLite or Redis server you want to back up." },
  destination: { title: "Destinations", description: "Where backups are stored. Each is checked by writing, reading back and deleting a probe file.", empty: "No destinations yet", emptyText: "Add a local folder, an S3 bucket or an SFTP server. Use two for a 3-2-1 setup." },
} as const;

/** Sources and destinations; notifiers have their own page (deliveries rather than health checks). */
export async function AdapterListPage({ kind, actions }: { kind: Exclude<AdapterKind, "notifier">; actions: RowActions }) {
  const area = kind === "source" ? "sources" : "destinations";
  const caller = await requirePage(`${area}:read`);
  const canWrite = can(caller.grant, `${area}:write`);
  const configs = await listAdapterConfigs(kind);
  const history = await getHealthHistory(configs.map((c) => c.id));
  const types = entriesOf(kind).map(([id, e]) => ({ id, label: e.label, description: e.description }));
  const copy = COPY[kind];
  const basePath = `/${area}`;
  return (
    <div className="grid gap-6">
      <PageHeader title={copy.title} description={copy.description} actions={canWrite ? <TypePicker kind={kind} basePath={basePath} types={types} /> : null} />
      {configs.length === 0 ? (
        <EmptyState icon={kind === "source" ? <Database /> : <HardDrive />} title={copy.empty} description={copy.emptyText} />
      ) : (
        <AdapterTable
          kind={kind}
          basePath={basePath}
          canWrite={canWrite}
          actions={actions}
          rows={configs.map((c) => ({
            id: c.id,
            name: c.name,
            adapterId: c.adapterId,
            typeLabel: c.typeLabel,
            summary: adapterSummary(c.values),
            healthStatus: c.healthStatus,
            lastHealthCheck: c.lastHealthCheck,
            lastError: c.lastError,
            serverVersion: c.metadata.serverVersion ?? null,
            usedBy: c.usedBy,
            history: history[c.id] ?? [],
          }))}
        />
      )}
    </div>
  );
}
