import Link from "next/link";
import { Button } from "@/components/ui/button";
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
      <div className="grid gap-1.5">
        <Label htmlFor="f-from">From</Label>
        <Input id="f-from" name="from" type="date" defaultValue={values.from ?? ""} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="f-to">To</Label>
        <Input id="f-to" name="to" type="date" defaultValue={values.to ?? ""} />
      </div>
      <div className="flex items-center justify-between gap-2 sm:col-span-2 lg:col-span-6">
        <p className="text-destructive text-sm">{invalid ? "Some filters were invalid and were ignored." : ""}</p>
        <div className="flex gap-2">
          <Button variant="ghost" asChild><Link href="/audit">Reset</Link></Button>
          <Button type="submit">Apply filters</Button>
        </div>
      </div>
    </form>
  );
}
