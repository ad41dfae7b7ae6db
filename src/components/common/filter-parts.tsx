import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** From/To day pickers for GET filter forms ("to" is inclusive on the server side). */
export function DateRangeFields({ from, to }: { from?: string; to?: string }) {
  return (
    <>
      <div className="grid gap-1.5">
        <Label htmlFor="f-from">From</Label>
        <Input id="f-from" name="from" type="date" defaultValue={from ?? ""} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="f-to">To</Label>
        <Input id="f-to" name="to" type="date" defaultValue={to ?? ""} />
      </div>
    </>
  );
}

/** The footer of a GET filter form: why filters were ignored, Reset (the bare page) and Apply. */
export function FilterActions({ resetHref, invalid, className }: { resetHref: string; invalid: boolean; className: string }) {
  return (
    <div className={`flex items-end justify-between gap-2 ${className}`}>
      <p className="text-destructive text-sm">{invalid ? "Some filters were invalid and were ignored." : ""}</p>
      <div className="flex gap-2">
        <Button variant="ghost" asChild><Link href={resetHref}>Reset</Link></Button>
        <Button type="submit">Apply filters</Button>
      </div>
    </div>
  );
}
