"use client";
import { useRouter } from "next/navigation";
import { DataTableCard } from "@/components/data-table/data-table-card";
import { NameCell } from "@/components/data-table/name-cell";
import { useServerAction } from "@/components/forms/use-server-action";
import { DropdownMenuItem } from "@/components/ui/dropdown-menu";
import { TableCell, TableHead, TableRow } from "@/components/ui/table";
import { formatRelative } from "@/lib/format";
import { ConfigRowMenu } from "./config-row-menu";
import { HealthBadge } from "./health-badge";
import { HealthStrip } from "./health-strip";
import { useDeleteConfig } from "./use-delete-config";
import type { AdapterKindView, AdapterRowView, RowActions } from "./types";

export function AdapterTable(props: { kind: AdapterKindView; basePath: string; rows: AdapterRowView[]; canWrite: boolean; actions: RowActions }) {
  const router = useRouter();
  const check = useServerAction(props.actions.check);
  const clone = useServerAction(props.actions.clone);
  const remove = useDeleteConfig(
    props.actions.remove,
    `The ${props.kind} configuration and its health history are removed. Nothing is deleted on the ${props.kind === "source" ? "database server" : "storage"} itself.`,
  );
  const refresh = () => router.refresh();

  return (
    <>
      <DataTableCard
        withActions
        columns={
          <>
            <TableHead className="pl-4">Name</TableHead>
            <TableHead>Health</TableHead>
            <TableHead className="hidden lg:table-cell">Last 30 checks</TableHead>
            <TableHead className="hidden md:table-cell">Last check</TableHead>
          </>
        }
      >
        {props.rows.map((r) => (
          <TableRow key={r.id} data-testid={`adapter-row-${r.name}`}>
            <NameCell href={`${props.basePath}/${r.id}`} name={r.name} details={[r.typeLabel, r.summary, r.serverVersion]} />
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
              <ConfigRowMenu
                name={r.name}
                editHref={`${props.basePath}/${r.id}`}
                canWrite={props.canWrite}
                onClone={() => clone.run({ id: r.id }, { success: `${r.name} cloned`, toastError: true, onSuccess: refresh })}
                onDelete={() => remove.ask(r)}
                first={
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
                }
              />
            </TableCell>
          </TableRow>
        ))}
      </DataTableCard>
      {remove.dialog}
    </>
  );
}
