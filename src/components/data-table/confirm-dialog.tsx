"use client";
import type * as React from "react";
import {
  AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle,
} from "@/components/ui/alert-dialog";

/**
 * Asks before acting on `target` (open while it is set). Title and text are read from the caller's state
 * as it is, so they stay put while the dialog animates closed.
 */
export function ConfirmDialog<T>(props: {
  target: T | null;
  onClose: () => void;
  title: React.ReactNode;
  description: React.ReactNode;
  confirmLabel: React.ReactNode;
  onConfirm: (target: T) => void;
}) {
  const { target, onClose } = props;
  return (
    <AlertDialog open={!!target} onOpenChange={(o) => !o && onClose()}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{props.title}</AlertDialogTitle>
          <AlertDialogDescription>{props.description}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            onClick={() => {
              if (target) props.onConfirm(target);
              onClose();
            }}
          >
            {props.confirmLabel}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/** The usual "Delete <name>?" confirmation. */
export function ConfirmDelete<T extends { name: string }>(props: {
  target: T | null;
  onClose: () => void;
  description: React.ReactNode;
  onConfirm: (target: T) => void;
}) {
  return <ConfirmDialog {...props} title={<>Delete {props.target?.name}?</>} confirmLabel="Delete" />;
}
