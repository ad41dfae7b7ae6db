"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { DataTableCard } from "@/components/data-table/data-table-card";
import { NameCell } from "@/components/data-table/name-cell";
import { useServerAction } from "@/components/forms/use-server-action";
import { Badge } from "@/components/ui/badge";
import { DropdownMenuItem } from "@/components/ui/dropdown-menu";
import { TableCell, TableHead, TableRow } from "@/components/ui/table";
import type { ConnectionTest } from "@/adapters/types";
import { formatRelative } from "@/lib/format";
import type { ActionResult } from "@/server/http/action";
import { ConfigRowMenu } from "./config-row-menu";
import { useDeleteConfig } from "./use-delete-config";

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
  const test = useServerAction(actions.test);
  const clone = useServerAction(actions.clone);
  const remove = useDeleteConfig(actions.remove, "The notifier is removed. Its past deliveries stay in the delivery log.");
  const refresh = () => router.refresh();

  return (
    <>
      <DataTableCard
        withActions
        columns={
          <>
            <TableHead className="pl-4">Name</TableHead>
            <TableHead>Last delivery</TableHead>
            <TableHead className="hidden md:table-cell">Used by</TableHead>
          </>
        }
      >
        {rows.map((r) => (
          <TableRow key={r.id} data-testid={`notifier-row-${r.name}`}>
            <NameCell href={`/notifications/${r.id}`} name={r.name} details={[r.typeLabel, r.summary]} />
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
              <ConfigRowMenu
                name={r.name}
                editHref={`/notifications/${r.id}`}
                canWrite={canWrite}
                onClone={() => clone.run({ id: r.id }, { success: `${r.name} cloned`, toastError: true, onSuccess: refresh })}
                onDelete={() => remove.ask(r)}
                first={
                  canWrite ? (
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
                  ) : null
                }
                extra={<DropdownMenuItem asChild><Link href={`/notifications/deliveries?notifierId=${r.id}`}>Deliveries</Link></DropdownMenuItem>}
              />
            </TableCell>
          </TableRow>
        ))}
      </DataTableCard>
      {remove.dialog}
    </>
  );
}
