import { DateRangeFields, FilterForm, FilterInput, FilterSelect } from "@/components/common/filter-parts";
import { humanizeAction } from "@/lib/format";

type Values = { action?: string; actor?: string; outcome?: string; from?: string; to?: string };

const OUTCOMES = [{ value: "success", label: "Success" }, { value: "failure", label: "Failure" }];

/** Filters live in the URL, so a filtered view can be bookmarked and shared. */
export function AuditFilters({ actions, values, invalid }: { actions: string[]; values: Values; invalid: boolean }) {
  return (
    <FilterForm action="/audit" label="Filter audit events" invalid={invalid} actionsClassName="sm:col-span-2 lg:col-span-6">
      <FilterInput id="f-actor" name="actor" label="User email" value={values.actor} className="lg:col-span-2" placeholder="name@example.com" />
      <FilterSelect id="f-action" name="action" label="Action" value={values.action} anyLabel="All actions" options={actions.map((a) => ({ value: a, label: humanizeAction(a) }))} />
      <FilterSelect id="f-outcome" name="outcome" label="Outcome" value={values.outcome} anyLabel="Any" options={OUTCOMES} />
      <DateRangeFields from={values.from} to={values.to} />
    </FilterForm>
  );
}
