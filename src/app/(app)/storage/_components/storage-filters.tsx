import { FilterForm, FilterInput, FilterSelect, namedOptions } from "@/components/common/filter-parts";
import type { StorageFilterOptions } from "@/server/services/storage/list-backups";

export type StorageFilterValues = { destinationId?: string; jobId?: string; engine?: string; database?: string; verify?: string; locked?: string; sort?: string; dir?: string };

const VERIFY = [{ value: "ok", label: "Verified" }, { value: "failed", label: "Failed" }, { value: "never", label: "Never verified" }];
const LOCKED = [{ value: "yes", label: "Locked" }, { value: "no", label: "Not locked" }];

/** Filters live in the URL (a filtered view can be bookmarked); the sort is kept. */
export function StorageFilters({ options, values, invalid }: { options: StorageFilterOptions; values: StorageFilterValues; invalid: boolean }) {
  return (
    <FilterForm action="/storage" label="Filter backups" invalid={invalid} actionsClassName="sm:col-span-2 lg:col-span-6">
      {values.sort ? <input type="hidden" name="sort" value={values.sort} /> : null}
      {values.dir ? <input type="hidden" name="dir" value={values.dir} /> : null}
      <FilterSelect id="f-destination" name="destinationId" label="Destination" value={values.destinationId} anyLabel="All destinations" options={namedOptions(options.destinations)} />
      <FilterSelect id="f-job" name="jobId" label="Job" value={values.jobId} anyLabel="All jobs" options={namedOptions(options.jobs)} />
      <FilterSelect id="f-engine" name="engine" label="Engine" value={values.engine} anyLabel="Any engine" options={options.engines} />
      <FilterInput id="f-database" name="database" label="Database" value={values.database} placeholder="Name contains…" />
      <FilterSelect id="f-verify" name="verify" label="Verification" value={values.verify} anyLabel="Any" options={VERIFY} />
      <FilterSelect id="f-locked" name="locked" label="Lock" value={values.locked} anyLabel="Any" options={LOCKED} />
    </FilterForm>
  );
}
