/**
 * Every permission string, grouped for the group editor. Checked once, at the edge (server actions and
 * route handlers); services never check, so the scheduler can call them as the system.
 */
export const PERMISSION_GROUPS = [
  { area: "Jobs", permissions: [
    { id: "jobs:read", label: "View jobs" },
    { id: "jobs:write", label: "Create, edit and delete jobs" },
    { id: "jobs:execute", label: "Run and cancel jobs" },
  ] },
  { area: "Sources", permissions: [
    { id: "sources:read", label: "View sources" },
    { id: "sources:write", label: "Create, edit and delete sources" },
  ] },
  { area: "Destinations", permissions: [
    { id: "destinations:read", label: "View destinations" },
    { id: "destinations:write", label: "Create, edit and delete destinations" },
  ] },
  { area: "Storage", permissions: [
    { id: "storage:read", label: "Browse backups" },
    { id: "storage:download", label: "Download backups" },
    { id: "storage:restore", label: "Restore backups (and cancel restores)" },
    { id: "storage:delete", label: "Delete and lock backups" },
  ] },
  { area: "History", permissions: [{ id: "history:read", label: "View run history and logs" }] },
  { area: "Vault", permissions: [
    { id: "vault:read", label: "View encryption profiles" },
    { id: "vault:write", label: "Create, import, export and delete encryption profiles" },
  ] },
  { area: "Notifications", permissions: [
    { id: "notifications:read", label: "View notifiers and deliveries" },
    { id: "notifications:write", label: "Create, edit and delete notifiers" },
  ] },
  { area: "Users and groups", permissions: [
    { id: "users:read", label: "View users" },
    { id: "users:write", label: "Create, edit and disable users" },
    { id: "groups:read", label: "View groups" },
    { id: "groups:write", label: "Create, edit and delete groups" },
  ] },
  { area: "Administration", permissions: [
    { id: "audit:read", label: "Read the audit log" },
    { id: "settings:read", label: "View settings" },
    { id: "settings:write", label: "Change settings" },
    { id: "sso:write", label: "Manage SSO providers" },
    { id: "apikeys:write", label: "Create API keys" },
  ] },
] as const;

export type Permission = (typeof PERMISSION_GROUPS)[number]["permissions"][number]["id"];

export const ALL_PERMISSIONS: readonly Permission[] = PERMISSION_GROUPS.flatMap((g) => g.permissions.map((p) => p.id));

const KNOWN = new Set<string>(ALL_PERMISSIONS);
export const isPermission = (s: string): s is Permission => KNOWN.has(s);

/** What the edge knows about the caller's rights. */
export type Grant = { isSuperAdmin: boolean; permissions: ReadonlySet<string> };

export const can = (grant: Grant, permission: Permission): boolean =>
  grant.isSuperAdmin || grant.permissions.has(permission);

const READ_ONLY: Permission[] = ALL_PERMISSIONS.filter(
  (p) => p.endsWith(":read") && !["users:read", "groups:read", "audit:read", "settings:read"].includes(p),
);

/** The seeded groups. SuperAdmin bypasses every check; the others get explicit sets. */
export const SEEDED_GROUPS: ReadonlyArray<{ name: string; description: string; isSuperAdmin: boolean; permissions: Permission[] }> = [
  { name: "SuperAdmin", description: "Everything, including users, groups and settings. Bypasses permission checks.", isSuperAdmin: true, permissions: [] },
  {
    name: "Admin",
    description: "Runs the instance: every backup operation, users, groups, settings and the audit log.",
    isSuperAdmin: false,
    permissions: [...ALL_PERMISSIONS],
  },
  {
    name: "Operator",
    description: "Day-to-day backups: manages jobs, sources and destinations, runs, downloads and restores.",
    isSuperAdmin: false,
    permissions: [
      ...READ_ONLY,
      "jobs:write", "jobs:execute", "sources:write", "destinations:write",
      "storage:download", "storage:restore", "notifications:write",
    ],
  },
  { name: "Viewer", description: "Read-only view of jobs, runs, storage and health.", isSuperAdmin: false, permissions: READ_ONLY },
];
