"use client";
import { Archive, CalendarClock, Download, KeyRound, MoreHorizontal, Pencil, Plus, Trash2, Upload } from "lucide-react";
import { useState } from "react";
import { EmptyState } from "@/components/common/empty-state";
import { PageHeader } from "@/components/common/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { formatDateTime } from "@/lib/format";
import { CreateProfileDialog } from "./create-profile-dialog";
import { DeleteProfileDialog } from "./delete-profile-dialog";
import { ImportProfileDialog } from "./import-profile-dialog";
import { RecipientBox, recoveryKitUrl } from "./recipient-box";
import { RenameProfileDialog } from "./rename-profile-dialog";
import { plural, type ProfileRow } from "./types";

type Open = { kind: "create" } | { kind: "import" } | { kind: "rename"; profile: ProfileRow } | { kind: "delete"; profile: ProfileRow } | null;

export function VaultView({ profiles, canWrite }: { profiles: ProfileRow[]; canWrite: boolean }) {
  const [open, setOpen] = useState<Open>(null);
  const close = (o: boolean) => !o && setOpen(null);
  const buttons = canWrite ? (
    <>
      <Button variant="outline" onClick={() => setOpen({ kind: "import" })}>
        <Upload /> Import key
      </Button>
      <Button onClick={() => setOpen({ kind: "create" })}>
        <Plus /> New profile
      </Button>
    </>
  ) : null;

  return (
    <>
      <PageHeader
        title="Vault"
        description="Encryption profiles are age key pairs. Backups are encrypted to a profile's public key; its secret key stays sealed here and leaves only in its recovery kit."
        actions={profiles.length ? buttons : null}
      />
      {profiles.length === 0 ? (
        <EmptyState
          icon={<KeyRound />}
          title="No encryption profiles yet"
          description="Create one to encrypt backups with age before they leave this server, or import a key you already have. Jobs without a profile store backups unencrypted."
          action={buttons}
        />
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {profiles.map((p) => (
            <Card key={p.id} data-testid={`profile-card-${p.name}`} className="gap-4">
              <CardHeader>
                <CardTitle className="flex min-w-0 items-center gap-2">
                  <KeyRound className="text-primary size-4 shrink-0" />
                  <span className="truncate">{p.name}</span>
                </CardTitle>
                <CardDescription className="line-clamp-2">{p.description ?? "No description"}</CardDescription>
                {canWrite ? (
                  <CardAction className="flex items-center gap-1">
                    <Button variant="outline" size="sm" asChild>
                      <a href={recoveryKitUrl(p.id)} download aria-label={`Download the recovery kit of ${p.name}`}>
                        <Download /> Recovery kit
                      </a>
                    </Button>
                    <DropdownMenu>
                      <DropdownMenuTrigger asChild>
                        <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${p.name}`}>
                          <MoreHorizontal />
                        </Button>
                      </DropdownMenuTrigger>
                      <DropdownMenuContent align="end">
                        <DropdownMenuItem onSelect={() => setOpen({ kind: "rename", profile: p })}>
                          <Pencil /> Rename
                        </DropdownMenuItem>
                        <DropdownMenuSeparator />
                        <DropdownMenuItem variant="destructive" onSelect={() => setOpen({ kind: "delete", profile: p })}>
                          <Trash2 /> Delete
                        </DropdownMenuItem>
                      </DropdownMenuContent>
                    </DropdownMenu>
                  </CardAction>
                ) : null}
              </CardHeader>
              <CardContent className="grid gap-4">
                <div className="grid gap-1.5">
                  <div className="text-muted-foreground text-xs font-medium">Public key</div>
                  <RecipientBox recipient={p.recipient} testId="profile-recipient" />
                </div>
                <div className="text-muted-foreground flex flex-wrap items-center gap-x-5 gap-y-1 text-sm">
                  <span className="flex items-center gap-1.5" title={p.jobNames.length ? p.jobNames.join(", ") : undefined} data-testid="profile-jobs">
                    <CalendarClock className="size-4" /> Used by {plural(p.jobCount, "job")}
                  </span>
                  <span className="flex items-center gap-1.5" data-testid="profile-backups">
                    <Archive className="size-4" /> {plural(p.backupCount, "backup")}
                  </span>
                  <span className="ml-auto text-xs">Created {formatDateTime(p.createdAt)}</span>
                </div>
              </CardContent>
            </Card>
          ))}
        </div>
      )}
      {open?.kind === "create" ? <CreateProfileDialog open onOpenChange={close} /> : null}
      {open?.kind === "import" ? <ImportProfileDialog open onOpenChange={close} /> : null}
      {open?.kind === "rename" ? <RenameProfileDialog profile={open.profile} onOpenChange={close} /> : null}
      {open?.kind === "delete" ? <DeleteProfileDialog profile={open.profile} onOpenChange={close} /> : null}
    </>
  );
}
