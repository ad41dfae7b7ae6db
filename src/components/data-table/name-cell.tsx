import Link from "next/link";
import { TableCell } from "@/components/ui/table";

/** A row's first cell: the name, linking to the item's page, over a muted line of details joined by " · ". */
export function NameCell({ href, name, details }: { href: string; name: string; details: (string | null | undefined)[] }) {
  return (
    <TableCell className="pl-4">
      <Link href={href} className="font-medium hover:underline">{name}</Link>
      <div className="text-muted-foreground text-xs">{details.filter(Boolean).join(" · ")}</div>
    </TableCell>
  );
}
