import { DateRangeFields, FilterActions } from "@/components/common/filter-parts";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { EXECUTION_STATUSES, EXECUTION_TRIGGERS, EXECUTION_TYPES } from "@/server/services/executions/executions.schema";
import { triggerLabel } from "./run-format";

export type HistoryFilterValues = { jobId?: string; status?: string; type?: string; trigger?: string; from?: string; to?: string };

/** A plain GET form: filters live in the URL (a filtered view can be bookmarked), and a new filter starts from the newest run. */
export function HistoryFilters({ jobs, values, invalid }: { jobs: { id: string; name: string }[]; values: HistoryFilterValues; invalid: boolean }) {
  return (
    <form method="get" action="/history" className="bg-card grid gap-3 rounded-xl border p-4 sm:grid-cols-2 lg:grid-cols-6" aria-label="Filter runs">
      <div className="grid gap-1.5 lg:col-span-2">
        <Label htmlFor="f-job">Job</Label>
        <NativeSelect id="f-job" name="jobId" defaultValue={values.jobId ?? ""}>
          <option value="">All jobs</option>
          {jobs.map((j) => (
            <option key={j.id} value={j.id}>{j.name}</option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="f-status">Status</Label>
        <NativeSelect id="f-status" name="status" defaultValue={values.status ?? ""}>
          <option value="">Any status</option>
          {EXECUTION_STATUSES.map((s) => (
            <option key={s} value={s}>{s}</option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="f-type">Type</Label>
        <NativeSelect id="f-type" name="type" defaultValue={values.type ?? ""}>
          <option value="">Any type</option>
          {EXECUTION_TYPES.map((t) => (
            <option key={t} value={t}>{t}</option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5 lg:col-span-2">
        <Label htmlFor="f-trigger">Trigger</Label>
        <NativeSelect id="f-trigger" name="trigger" defaultValue={values.trigger ?? ""}>
          <option value="">Any trigger</option>
          {EXECUTION_TRIGGERS.map((t) => (
            <option key={t} value={t}>{triggerLabel(t)}</option>
          ))}
        </NativeSelect>
      </div>
      <DateRangeFields from={values.from} to={values.to} />
      <FilterActions resetHref="/history" invalid={invalid} className="sm:col-span-2 lg:col-span-4" />
    </form>
  );
}
