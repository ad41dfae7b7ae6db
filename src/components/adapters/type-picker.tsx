"use client";
import { Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";

export type AdapterTypeView = { id: string; label: string; description: string };

export function TypePicker({ kind, basePath, types }: { kind: string; basePath: string; types: AdapterTypeView[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus /> Add {kind}
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent className="sm:max-w-lg">
          <DialogHeader>
            <DialogTitle>Add a {kind}</DialogTitle>
            <DialogDescription>Pick the type. You can test the connection before saving.</DialogDescription>
          </DialogHeader>
          <div className="grid gap-2">
            {types.map((t) => (
              <Link key={t.id} href={`${basePath}/new/${t.id}`} className="hover:bg-accent rounded-lg border p-3 transition-colors" onClick={() => setOpen(false)}>
                <div className="font-medium">{t.label}</div>
                <div className="text-muted-foreground text-sm">{t.description}</div>
              </Link>
            ))}
          </div>
        </DialogContent>
      </Dialog>
    </>
  );
}
