export type NavIconKey =
  | "dashboard"
  | "jobs"
  | "sources"
  | "destinations"
  | "storage"
  | "history"
  | "vault"
  | "notifications"
  | "users"
  | "groups"
  | "sso"
  | "audit"
  | "settings"
  | "profile"
  | "apiKeys"
  | "tasks"
  | "configuration";

export type NavSection = "Backups" | "Administration" | "Account";

export type NavItem = {
  href: string;
  label: string;
  icon: NavIconKey;
  section: NavSection;
};

export type ShellUser = {
  name: string;
  email: string;
  groupName: string;
  /** A data URL of the user's uploaded picture */
  image?: string | null;
};
