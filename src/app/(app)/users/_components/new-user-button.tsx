"use client";
import { Plus } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { type GroupOption, UserDialog } from "./user-dialog";

export function NewUserButton({ groups }: { groups: GroupOption[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus /> New user
      </Button>
      {open ? <UserDialog open={open} onOpenChange={setOpen} groups={groups} /> : null}
    </>
  );
}
