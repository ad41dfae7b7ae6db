"use client";
import { MoreHorizontal } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useServerAction } from "@/components/forms/use-server-action";
import {
  AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ConnectionTest } from "@/adapters/types";
import { formatRelative } from "@/lib/format";
import type { ActionResult } from "@/server/http/action";

export type NotifierRowView = {
  id: string;
  name: string;
  typeLabel: string;
  summary: string;
  usedBy: string[];
  lastDelivery: { status: string; event: string; at: string; error: string | null } | null;
};

type IdInput = { id: string };
export type NotifierRowActions = {
  test: (i: IdInput) => Promise<ActionResult<ConnectionTest>>;
  clone: (i: IdInput) => Promise<ActionResult<{ id: string }>>;
  remove: (i: IdInput) => Promise<ActionResult<{ id: string }>>;
};

const STATUS = { sent: ["success", "Sent"], failed: ["destructive", "Failed"], pending: ["warning", "Retrying"] } as const;

export function DeliveryStatusBadge({ status }: { status: string }) {
  const [variant, label] = STATUS[status as keyof typeof STATUS] ?? (["secondary", status] as const);
  return <Badge variant={variant} data-delivery-status={status}>{label}</Badge>;
}

export function NotifierTable({ rows, canWrite, actions }: { rows: NotifierRowView[]; canWrite: boolean; actions: NotifierRowActions }) {
  const router = useRouter();
  const [deleting, setDeleting] = useState<NotifierRowView | null>(null);
  const test = useServerAction(actions.test);
  const clone = useServerAction(actions.clone);
  const remove = useServerAction(actions.remove);
  const refresh = () => router.refresh();

  return (
    <Card className="py-0">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead className="pl-4">Name</TableHead>
            <TableHead>Last delivery</TableHead>
            <TableHead className="hidden md:table-cell">Used by</TableHead>
            <TableHead className="w-12"><span className="sr-only">Actions</span></TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.id} data-testid={`notifier-row-${r.name}`}>
              <TableCell className="pl-4">
                <Link href={`/notifications/${r.id}`} className="font-medium hover:underline">{r.name}</Link>
                <div className="text-muted-foreground text-xs">{r.typeLabel}{r.summary ? ` · ${r.summary}` : ""}</div>
              </TableCell>
              <TableCell>
                {r.lastDelivery ? (
                  <div className="grid gap-1">
                    <div className="flex items-center gap-2">
                      <DeliveryStatusBadge status={r.lastDelivery.status} />
                      <span className="text-muted-foreground text-xs">{r.lastDelivery.event} · {formatRelative(r.lastDelivery.at)}</span>
                    </div>
                    {r.lastDelivery.error && r.lastDelivery.status !== "sent" ? (
                      <span className="text-destructive max-w-72 truncate text-xs" title={r.lastDelivery.error}>{r.lastDelivery.error}</span>
                    ) : null}
                  </div>
                ) : (
                  <span className="text-muted-foreground text-sm">Nothing sent yet</span>
                )}
              </TableCell>
              <TableCell className="text-muted-foreground hidden text-sm md:table-cell">{r.usedBy.length ? r.usedBy.join(", ") : "No job"}</TableCell>
              <TableCell>
                <DropdownMenu>
                  <DropdownMenuTrigger asChild>
                    <Button variant="ghost" size="icon" aria-label={`Actions for ${r.name}`}><MoreHorizontal /></Button>
                  </DropdownMenuTrigger>
                  <DropdownMenuContent align="end">
                    {canWrite ? (
                      <>
                        <DropdownMenuItem
                          onSelect={() =>
                            test.run({ id: r.id }, {
                              toastError: true,
                              onSuccess: (o) => {
                                refresh();
                                if (o.ok) toast.success(`${r.name}: test sent`);
                                else toast.error(`${r.name}: ${o.error}`);
                              },
                            })
                          }
                        >
                          Send test
                        </DropdownMenuItem>
                        <DropdownMenuItem asChild><Link href={`/notifications/${r.id}`}>Edit</Link></DropdownMenuItem>
                        <DropdownMenuItem onSelect={() => clone.run({ id: r.id }, { success: `${r.name} cloned`, toastError: true, onSuccess: refresh })}>Clone</DropdownMenuItem>
                      </>
                    ) : null}
                    <DropdownMenuItem asChild><Link href={`/notifications/deliveries?notifierId=${r.id}`}>Deliveries</Link></DropdownMenuItem>
                    {canWrite ? (
                      <>
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
                : "The notifier is removed. Its past deliveries stay in the delivery log."}
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
