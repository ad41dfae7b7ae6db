import { DateRangeFields, FilterForm, FilterSelect, namedOptions } from "@/components/common/filter-parts";
import { EXECUTION_STATUSES, EXECUTION_TRIGGERS, EXECUTION_TYPES } from "@/server/services/executions/executions.schema";
import { triggerLabel } from "./run-format";

export type HistoryFilterValues = { jobId?: string; status?: string; type?: string; trigger?: string; from?: string; to?: string };

/** Filters live in the URL (a filtered view can be bookmarked), and a new filter starts from the newest run. */
export function HistoryFilters({ jobs, values, invalid }: { jobs: { id: string; name: string }[]; values: HistoryFilterValues; invalid: boolean }) {
  return (
    <FilterForm action="/history" label="Filter runs" invalid={invalid} actionsClassName="sm:col-span-2 lg:col-span-4">
      <FilterSelect id="f-job" name="jobId" label="Job" value={values.jobId} className="lg:col-span-2" anyLabel="All jobs" options={namedOptions(jobs)} />
      <FilterSelect id="f-status" name="status" label="Status" value={values.status} anyLabel="Any status" options={EXECUTION_STATUSES} />
      <FilterSelect id="f-type" name="type" label="Type" value={values.type} anyLabel="Any type" options={EXECUTION_TYPES} />
      <FilterSelect
        id="f-trigger"
        name="trigger"
        label="Trigger"
        value={values.trigger}
        className="lg:col-span-2"
        anyLabel="Any trigger"
        options={EXECUTION_TRIGGERS.map((t) => ({ value: t, label: triggerLabel(t) }))}
      />
      <DateRangeFields from={values.from} to={values.to} />
    </FilterForm>
  );
}
