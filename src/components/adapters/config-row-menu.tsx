"use client";
import Link from "next/link";
import type * as React from "react";
import { RowActionsMenu } from "@/components/data-table/row-actions-menu";
import { DropdownMenuItem, DropdownMenuSeparator } from "@/components/ui/dropdown-menu";

/**
 * The actions menu of a source, destination or notifier row: `first` (check it, send a test), then
 * Edit and Clone for writers, `extra` links, and Delete last for writers.
 */
export function ConfigRowMenu(props: {
  name: string;
  editHref: string;
  canWrite: boolean;
  first?: React.ReactNode;
  extra?: React.ReactNode;
  onClone: () => void;
  onDelete: () => void;
}) {
  return (
    <RowActionsMenu name={props.name}>
      {props.first}
      {props.canWrite ? (
        <>
          <DropdownMenuItem asChild><Link href={props.editHref}>Edit</Link></DropdownMenuItem>
          <DropdownMenuItem onSelect={props.onClone}>Clone</DropdownMenuItem>
        </>
      ) : null}
      {props.extra}
      {props.canWrite ? (
        <>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" onSelect={props.onDelete}>Delete</DropdownMenuItem>
        </>
      ) : null}
    </RowActionsMenu>
  );
}
