import { FilterActions } from "@/components/common/filter-parts";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { StorageFilterOptions } from "@/server/services/storage/list-backups";

export type StorageFilterValues = { destinationId?: string; jobId?: string; engine?: string; database?: string; verify?: string; locked?: string; sort?: string; dir?: string };

/** A plain GET form: the filters live in the URL (a filtered view can be bookmarked); the sort is kept. */
export function StorageFilters({ options, values, invalid }: { options: StorageFilterOptions; values: StorageFilterValues; invalid: boolean }) {
  return (
    <form method="get" action="/storage" className="bg-card grid gap-3 rounded-xl border p-4 sm:grid-cols-2 lg:grid-cols-6" aria-label="Filter backups">
      {values.sort ? <input type="hidden" name="sort" value={values.sort} /> : null}
      {values.dir ? <input type="hidden" name="dir" value={values.dir} /> : null}
      <div className="grid gap-1.5">
        <Label htmlFor="f-destination">Destination</Label>
        <NativeSelect id="f-destination" name="destinationId" defaultValue={values.destinationId ?? ""}>
          <option value="">All destinations</option>
          {options.destinations.map((d) => (
            <option key={d.id} value={d.id}>{d.name}</option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="f-job">Job</Label>
        <NativeSelect id="f-job" name="jobId" defaultValue={values.jobId ?? ""}>
          <option value="">All jobs</option>
          {options.jobs.map((j) => (
            <option key={j.id} value={j.id}>{j.name}</option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="f-engine">Engine</Label>
        <NativeSelect id="f-engine" name="engine" defaultValue={values.engine ?? ""}>
          <option value="">Any engine</option>
          {options.engines.map((e) => (
            <option key={e} value={e}>{e}</option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="f-database">Database</Label>
        <Input id="f-database" name="database" placeholder="Name contains…" defaultValue={values.database ?? ""} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="f-verify">Verification</Label>
        <NativeSelect id="f-verify" name="verify" defaultValue={values.verify ?? ""}>
          <option value="">Any</option>
          <option value="ok">Verified</option>
          <option value="failed">Failed</option>
          <option value="never">Never verified</option>
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="f-locked">Lock</Label>
        <NativeSelect id="f-locked" name="locked" defaultValue={values.locked ?? ""}>
          <option value="">Any</option>
          <option value="yes">Locked</option>
          <option value="no">Not locked</option>
        </NativeSelect>
      </div>
      <FilterActions resetHref="/storage" invalid={invalid} className="sm:col-span-2 lg:col-span-6" />
    </form>
  );
}
