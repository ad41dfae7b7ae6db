import type * as React from "react";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableHead, TableHeader, TableRow } from "@/components/ui/table";

/**
 * A list page's table in a card. `withActions` adds the last column, unlabelled on screen, that holds
 * each row's actions menu (screen readers still hear "Actions").
 */
export function DataTableCard({ columns, withActions, children }: { columns: React.ReactNode; withActions: boolean; children: React.ReactNode }) {
  return (
    <Card className="py-0">
      <Table>
        <TableHeader>
          <TableRow>
            {columns}
            {withActions ? <TableHead className="w-12"><span className="sr-only">Actions</span></TableHead> : null}
          </TableRow>
        </TableHeader>
        <TableBody>{children}</TableBody>
      </Table>
    </Card>
  );
}
