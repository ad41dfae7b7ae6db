import { describe, it, expect } from "vitest";
import { navFor } from "@/app/(app)/nav";
import { type Grant, SEEDED_GROUPS } from "@/server/rbac/permissions";

const grantOf = (permissions: readonly string[], isSuperAdmin = false): Grant => ({ isSuperAdmin, permissions: new Set(permissions) });
const seededGrant = (name: string): Grant => {
  const g = SEEDED_GROUPS.find((x) => x.name === name);
  if (!g) throw new Error(name);
  return grantOf(g.permissions, g.isSuperAdmin);
};
const labels = (grant: Grant) => navFor(grant).map((i) => i.label);

describe("the sidebar shows only the pages the caller may open", () => {
  it("a Viewer sees Dashboard and Profile but not Users, Groups or Audit log", () => {
    const l = labels(seededGrant("Viewer"));
    expect(l).toContain("Dashboard");
    expect(l).toContain("Profile");
    expect(l).not.toContain("Users");
    expect(l).not.toContain("Groups");
    expect(l).not.toContain("Audit log");
    expect(l).toContain("Sources");
    expect(l).toContain("Storage");
  });

  it("a group with no permissions still sees Dashboard and Profile", () => {
    expect(labels(grantOf([]))).toEqual(["Dashboard", "Profile"]);
  });

  it("a SuperAdmin sees every page, in order", () => {
    expect(labels(grantOf([], true))).toEqual(["Dashboard", "Jobs", "History", "Storage", "Sources", "Destinations", "Vault", "Notifications", "Users", "Groups", "Single sign-on", "Audit log", "System tasks", "Settings", "Configuration", "Profile"]);
  });

  it("an Admin sees every page", () => {
    expect(labels(seededGrant("Admin"))).toEqual(["Dashboard", "Jobs", "History", "Storage", "Sources", "Destinations", "Vault", "Notifications", "Users", "Groups", "Single sign-on", "Audit log", "System tasks", "Settings", "Configuration", "Profile"]);
  });

  it("an Operator sees the backup pages and no administration page", () => {
    expect(labels(seededGrant("Operator"))).toEqual(["Dashboard", "Jobs", "History", "Storage", "Sources", "Destinations", "Vault", "Notifications", "Profile"]);
  });

  it("Configuration needs settings:write and comes after System tasks and Settings", () => {
    expect(labels(grantOf(["settings:read"]))).toEqual(["Dashboard", "Single sign-on", "System tasks", "Settings", "Profile"]);
    expect(labels(grantOf(["settings:read", "settings:write"]))).toEqual(["Dashboard", "Single sign-on", "System tasks", "Settings", "Configuration", "Profile"]);
    expect(navFor(grantOf([], true)).find((i) => i.label === "Configuration")).toEqual({ href: "/configuration", label: "Configuration", icon: "configuration", section: "Administration" });
  });

  it("Settings needs settings:read and comes right after System tasks", () => {
    expect(labels(grantOf(["settings:read"]))).toEqual(["Dashboard", "Single sign-on", "System tasks", "Settings", "Profile"]);
    expect(navFor(grantOf([], true)).find((i) => i.label === "Settings")).toEqual({ href: "/settings", label: "Settings", icon: "settings", section: "Administration" });
  });

  it("a custom group with only audit:read sees the Audit log", () => {
    expect(labels(grantOf(["audit:read"]))).toEqual(["Dashboard", "Audit log", "Profile"]);
  });

  it("Storage needs storage:read and comes right after History", () => {
    expect(labels(grantOf(["storage:read"]))).toEqual(["Dashboard", "Storage", "Profile"]);
    expect(labels(grantOf(["storage:download", "storage:delete"]))).toEqual(["Dashboard", "Profile"]);
    expect(navFor(grantOf([], true)).find((i) => i.label === "Storage")).toEqual({ href: "/storage", label: "Storage", icon: "storage", section: "Backups" });
  });

  it("Notifications needs notifications:read and comes right after Vault", () => {
    expect(labels(grantOf(["notifications:read"]))).toEqual(["Dashboard", "Notifications", "Profile"]);
    expect(labels(grantOf(["notifications:write"]))).toEqual(["Dashboard", "Profile"]);
    expect(navFor(grantOf([], true)).find((i) => i.label === "Notifications")).toEqual({ href: "/notifications", label: "Notifications", icon: "notifications", section: "Backups" });
  });

  it("write permissions alone do not reveal a page: Users needs users:read", () => {
    expect(labels(grantOf(["users:write", "groups:write"]))).toEqual(["Dashboard", "Profile"]);
    expect(labels(grantOf(["users:read"]))).toEqual(["Dashboard", "Users", "Profile"]);
    expect(labels(grantOf(["groups:read"]))).toEqual(["Dashboard", "Groups", "Profile"]);
  });

  it("items carry href, label, icon and section, and never the access rule", () => {
    const items = navFor(grantOf([], true));
    expect(items.find((i) => i.label === "Users")).toEqual({ href: "/users", label: "Users", icon: "users", section: "Administration" });
    expect(items.find((i) => i.label === "Dashboard")?.href).toBe("/");
    for (const i of items) expect("access" in i).toBe(false);
    expect(new Set(items.map((i) => i.href)).size).toBe(items.length);
  });
});
