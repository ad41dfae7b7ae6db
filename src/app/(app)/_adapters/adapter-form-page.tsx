import { notFound } from "next/navigation";
import { AdapterForm } from "@/components/adapters/adapter-form";
import { HealthBadge } from "@/components/adapters/health-badge";
import { HealthStrip } from "@/components/adapters/health-strip";
import type { FormActions } from "@/components/adapters/types";
import { PageHeader } from "@/components/common/page-header";
import { requirePage } from "@/server/http/page";
import { type AdapterKind, areaOf, entryFor } from "@/server/services/adapters/adapter-kinds";
import { describeConfig } from "@/server/services/adapters/config-fields";
import { getHealthHistory } from "@/server/services/adapters/get-health-history";
import { getAdapterConfig } from "@/server/services/adapters/list-adapter-configs";
import { isAppError } from "@/server/errors";

type Props = { kind: AdapterKind; actions: FormActions } & ({ adapterId: string; id?: never } | { id: string; adapterId?: never });

/** New (by type) or edit (by id) page for a source, destination or notifier; all render the schema-driven form. */
export async function AdapterFormPage({ kind, actions, ...target }: Props) {
  const area = areaOf(kind);
  await requirePage(`${area}:write`);
  const existing = target.id ? await getAdapterConfig(kind, target.id) : null;
  if (target.id && !existing) notFound();
  const adapterId = existing?.adapterId ?? target.adapterId ?? "";
  let entry;
  try {
    entry = entryFor(kind, adapterId);
  } catch (e) {
    if (isAppError(e)) notFound();
    throw e;
  }
  const history = existing && kind !== "notifier" ? (await getHealthHistory([existing.id]))[existing.id] ?? [] : [];
  return (
    <div className="grid max-w-4xl gap-6">
      <PageHeader
        title={existing ? existing.name : `New ${entry.label} ${kind}`}
        description={existing ? `${entry.label} ${kind}${existing.usedBy.length ? ` · used by ${existing.usedBy.join(", ")}` : ""}` : entry.description}
        actions={existing && kind !== "notifier" ? <div className="flex items-center gap-3"><HealthStrip points={history} slots={20} /><HealthBadge status={existing.healthStatus} /></div> : null}
      />
      <AdapterForm
        kind={kind}
        adapterId={adapterId}
        typeLabel={entry.label}
        fields={describeConfig(entry.configSchema)}
        basePath={`/${area}`}
        actions={actions}
        existing={existing ? { id: existing.id, name: existing.name, values: existing.values, secretsSet: existing.secretsSet } : undefined}
      />
    </div>
  );
}
