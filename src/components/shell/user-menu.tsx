"use client";

import Link from "next/link";
import { useFormStatus } from "react-dom";
import { ChevronsUpDownIcon, CircleUserIcon, Loader2Icon, LogOutIcon } from "lucide-react";

import { Avatar, AvatarFallback, AvatarImage } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

import type { ShellUser } from "./types";

function initials(name: string, email: string) {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0];
  const last = words.length > 1 ? words[words.length - 1]?.[0] : undefined;
  const letters = first ? `${first}${last ?? ""}` : (email.trim()[0] ?? "?");
  return letters.toUpperCase();
}

function SignOutItem() {
  const { pending } = useFormStatus();

  return (
    // Keep the menu open on select: closing it would unmount the form before the submit fires.
    <DropdownMenuItem asChild onSelect={(event) => event.preventDefault()}>
      <button type="submit" data-testid="sign-out" aria-busy={pending} className="w-full">
        {pending ? <Loader2Icon className="animate-spin" /> : <LogOutIcon />}
        Sign out
      </button>
    </DropdownMenuItem>
  );
}

export function UserMenu({
  user,
  signOutAction,
}: {
  user: ShellUser;
  signOutAction: () => Promise<void>;
}) {
  const userInitials = initials(user.name, user.email);

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" className="h-9 gap-2 px-1.5 sm:pr-2" data-testid="user-menu">
          <Avatar aria-hidden className="size-7" data-testid="user-menu-avatar">
            {user.image ? <AvatarImage src={user.image} alt="" /> : null}
            <AvatarFallback className="bg-primary/10 text-[0.6875rem] font-semibold text-primary">
              {userInitials}
            </AvatarFallback>
          </Avatar>
          <span className="sr-only sm:not-sr-only sm:max-w-40 sm:truncate sm:text-sm sm:font-medium">
            {user.name}
          </span>
          <ChevronsUpDownIcon aria-hidden className="hidden size-3.5 text-muted-foreground sm:block" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-64">
        <DropdownMenuLabel className="flex items-center gap-3 py-2 font-normal">
          <Avatar aria-hidden className="size-9">
            {user.image ? <AvatarImage src={user.image} alt="" /> : null}
            <AvatarFallback className="bg-primary/10 text-xs font-semibold text-primary">
              {userInitials}
            </AvatarFallback>
          </Avatar>
          <div className="grid min-w-0 flex-1 gap-0.5 leading-tight">
            <span className="truncate text-sm font-medium">{user.name}</span>
            <span className="truncate text-xs text-muted-foreground">{user.email}</span>
          </div>
        </DropdownMenuLabel>
        <div className="px-2 pb-2">
          <Badge variant="secondary" className="max-w-full">
            <span className="truncate">{user.groupName}</span>
          </Badge>
        </div>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/profile">
            <CircleUserIcon />
            Profile
          </Link>
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <form action={signOutAction}>
          <SignOutItem />
        </form>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
