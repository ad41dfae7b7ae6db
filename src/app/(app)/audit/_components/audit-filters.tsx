import { DateRangeFields, FilterActions } from "@/components/common/filter-parts";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { humanizeAction } from "@/lib/format";

type Values = { action?: string; actor?: string; outcome?: string; from?: string; to?: string };

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared. */
export function AuditFilters({ actions, values, invalid }: { actions: string[]; values: Values; invalid: boolean }) {
  return (
    <form method="get" action="/audit" className="bg-card grid gap-3 rounded-xl border p-4 sm:grid-cols-2 lg:grid-cols-6" aria-label="Filter audit events">
      <div className="grid gap-1.5 lg:col-span-2">
        <Label htmlFor="f-actor">User email</Label>
        <Input id="f-actor" name="actor" placeholder="name@example.com" defaultValue={values.actor ?? ""} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="f-action">Action</Label>
        <NativeSelect id="f-action" name="action" defaultValue={values.action ?? ""}>
          <option value="">All actions</option>
          {actions.map((a) => (
            <option key={a} value={a}>{humanizeAction(a)}</option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="f-outcome">Outcome</Label>
        <NativeSelect id="f-outcome" name="outcome" defaultValue={values.outcome ?? ""}>
          <option value="">Any</option>
          <option value="success">Success</option>
          <option value="failure">Failure</option>
        </NativeSelect>
      </div>
      <DateRangeFields from={values.from} to={values.to} />
      <FilterActions resetHref="/audit" invalid={invalid} className="sm:col-span-2 lg:col-span-6" />
    </form>
  );
}
