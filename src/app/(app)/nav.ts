import type { NavItem } from "@/components/shell/app-shell";
import { can, type Grant, type Permission } from "@/server/rbac/permissions";

/** Every page of the console and what it takes to open it; the sidebar shows only what the caller may open. */
const NAV: ReadonlyArray<NavItem & { access: Permission | "authenticated" }> = [
  { href: "/", label: "Dashboard", icon: "dashboard", section: "Backups", access: "authenticated" },
  { href: "/jobs", label: "Jobs", icon: "jobs", section: "Backups", access: "jobs:read" },
  { href: "/history", label: "History", icon: "history", section: "Backups", access: "history:read" },
  { href: "/storage", label: "Storage", icon: "storage", section: "Backups", access: "storage:read" },
  { href: "/sources", label: "Sources", icon: "sources", section: "Backups", access: "sources:read" },
  { href: "/destinations", label: "Destinations", icon: "destinations", section: "Backups", access: "destinations:read" },
  { href: "/vault", label: "Vault", icon: "vault", section: "Backups", access: "vault:read" },
  { href: "/notifications", label: "Notifications", icon: "notifications", section: "Backups", access: "notifications:read" },
  { href: "/users", label: "Users", icon: "users", section: "Administration", access: "users:read" },
  { href: "/groups", label: "Groups", icon: "groups", section: "Administration", access: "groups:read" },
  { href: "/sso", label: "Single sign-on", icon: "sso", section: "Administration", access: "settings:read" },
  { href: "/audit", label: "Audit log", icon: "audit", section: "Administration", access: "audit:read" },
  { href: "/tasks", label: "System tasks", icon: "tasks", section: "Administration", access: "settings:read" },
  { href: "/settings", label: "Settings", icon: "settings", section: "Administration", access: "settings:read" },
  { href: "/configuration", label: "Configuration", icon: "configuration", section: "Administration", access: "settings:write" },
  { href: "/profile", label: "Profile", icon: "profile", section: "Account", access: "authenticated" },
];

export const navFor = (grant: Grant): NavItem[] =>
  NAV.filter((n) => n.access === "authenticated" || can(grant, n.access)).map(({ access: _access, ...item }) => item);
