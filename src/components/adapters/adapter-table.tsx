"use client";
import { MoreHorizontal } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useServerAction } from "@/components/forms/use-server-action";
import {
  AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatRelative } from "@/lib/format";
import { HealthBadge } from "./health-badge";
import { HealthStrip } from "./health-strip";
import type { AdapterKindView, AdapterRowView, RowActions } from "./types";

export function AdapterTable(props: { kind: AdapterKindView; basePath: string; rows: AdapterRowView[]; canWrite: boolean; actions: RowActions }) {
  const router = useRouter();
  const [deleting, setDeleting] = useState<AdapterRowView | null>(null);
  const check = useServerAction(props.actions.check);
  const clone = useServerAction(props.actions.clone);
  const remove = useServerAction(props.actions.remove);
  const refresh = () => router.refresh();

  return (
    <Card className="py-0">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead className="pl-4">Name</TableHead>
            <TableHead>Health</TableHead>
            <TableHead className="hidden lg:table-cell">Last 30 checks</TableHead>
            <TableHead className="hidden md:table-cell">Last check</TableHead>
            <TableHead className="w-12"><span className="sr-only">Actions</span></TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.rows.map((r) => (
            <TableRow key={r.id} data-testid={`adapter-row-${r.name}`}>
              <TableCell className="pl-4">
                <Link href={`${props.basePath}/${r.id}`} className="font-medium hover:underline">
                  {r.name}
                </Link>
                <div className="text-muted-foreground text-xs">
                  {r.typeLabel}
                  {r.summary ? ` · ${r.summary}` : ""}
                  {r.serverVersion ? ` · ${r.serverVersion}` : ""}
                </div>
              </TableCell>
              <TableCell>
                <div className="grid gap-1">
                  <HealthBadge status={r.healthStatus} />
                  {r.lastError && r.healthStatus !== "ONLINE" ? (
                    <span className="text-destructive max-w-64 truncate text-xs" title={r.lastError}>{r.lastError}</span>
                  ) : null}
                </div>
              </TableCell>
              <TableCell className="hidden lg:table-cell"><HealthStrip points={r.history} /></TableCell>
              <TableCell className="text-muted-foreground hidden md:table-cell">{r.lastHealthCheck ? formatRelative(r.lastHealthCheck) : "Never"}</TableCell>
              <TableCell>
                <DropdownMenu>
                  <DropdownMenuTrigger asChild>
                    <Button variant="ghost" size="icon" aria-label={`Actions for ${r.name}`}>
                      <MoreHorizontal />
                    </Button>
                  </DropdownMenuTrigger>
                  <DropdownMenuContent align="end">
                    <DropdownMenuItem
                      onSelect={() =>
                        check.run({ id: r.id }, {
                          toastError: true,
                          onSuccess: (o) => {
                            refresh();
                            void import("sonner").then(({ toast }) => (o.error ? toast.error(`${r.name}: ${o.error}`) : toast.success(`${r.name} is online`)));
                          },
                        })
                      }
                    >
                      Check now
                    </DropdownMenuItem>
                    {props.canWrite ? (
                      <>
                        <DropdownMenuItem asChild><Link href={`${props.basePath}/${r.id}`}>Edit</Link></DropdownMenuItem>
                        <DropdownMenuItem onSelect={() => clone.run({ id: r.id }, { success: `${r.name} cloned`, toastError: true, onSuccess: refresh })}>Clone</DropdownMenuItem>
                        <DropdownMenuSeparator />
                        <DropdownMenuItem variant="destructive" onSelect={() => setDeleting(r)}>Delete</DropdownMenuItem>
                      </>
                    ) : null}
                  </DropdownMenuContent>
                </DropdownMenu>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <AlertDialog open={!!deleting} onOpenChange={(o) => !o && setDeleting(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete {deleting?.name}?</AlertDialogTitle>
            <AlertDialogDescription>
              {deleting?.usedBy.length
                ? `It is used by ${deleting.usedBy.join(", ")}: Bunker will refuse until no job uses it.`
                : `The ${props.kind} configuration and its health history are removed. Nothing is deleted on the ${props.kind === "source" ? "database server" : "storage"} itself.`}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              onClick={() => {
                if (deleting) remove.run({ id: deleting.id }, { success: `${deleting.name} deleted`, toastError: true, onSuccess: refresh });
                setDeleting(null);
              }}
            >
              Delete
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </Card>
  );
}
