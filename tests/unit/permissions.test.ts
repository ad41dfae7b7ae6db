import { describe, it, expect } from "vitest";
import {
  ALL_PERMISSIONS,
  can,
  type Grant,
  isPermission,
  type Permission,
  PERMISSION_GROUPS,
  SEEDED_GROUPS,
} from "@/server/rbac/permissions";

const grantOf = (permissions: string[], isSuperAdmin = false): Grant => ({ isSuperAdmin, permissions: new Set(permissions) });

const seeded = (name: string) => {
  const g = SEEDED_GROUPS.find((x) => x.name === name);
  if (!g) throw new Error(`no seeded group ${name}`);
  return g;
};

const ADMIN_AREAS = ["users:", "groups:", "audit:", "settings:"];

describe("the permission catalogue", () => {
  it("has unique ids", () => {
    expect(new Set(ALL_PERMISSIONS).size).toBe(ALL_PERMISSIONS.length);
  });

  it("every id looks like area:verb in lower case", () => {
    for (const p of ALL_PERMISSIONS) expect(p).toMatch(/^[a-z]+:[a-z]+$/);
  });

  it("ALL_PERMISSIONS lists every permission of every group, in order", () => {
    const flat = PERMISSION_GROUPS.flatMap((g) => g.permissions.map((p) => p.id));
    expect([...ALL_PERMISSIONS]).toEqual(flat);
    expect(ALL_PERMISSIONS.length).toBeGreaterThan(20);
  });

  it("every permission has a non-empty label and every area a non-empty name", () => {
    const areas = PERMISSION_GROUPS.map((g) => g.area);
    expect(new Set(areas).size).toBe(areas.length);
    for (const g of PERMISSION_GROUPS) {
      expect(g.area.trim()).not.toBe("");
      expect(g.permissions.length).toBeGreaterThan(0);
      for (const p of g.permissions) expect(p.label.trim()).not.toBe("");
    }
  });

  it("includes the permissions the edges rely on", () => {
    for (const p of ["jobs:read", "users:read", "users:write", "groups:write", "audit:read", "settings:write", "storage:restore"]) {
      expect(ALL_PERMISSIONS).toContain(p);
    }
  });

  it("isPermission accepts known ids and rejects anything else", () => {
    for (const p of ALL_PERMISSIONS) expect(isPermission(p)).toBe(true);
    for (const s of ["", "jobs", "jobs:", ":read", "JOBS:READ", "jobs:read ", "jobs:delete", "admin:*", "*"]) {
      expect(isPermission(s)).toBe(false);
    }
  });
});

describe("can() decides access", () => {
  it("a SuperAdmin passes every check even with an empty permission set", () => {
    const g = grantOf([], true);
    for (const p of ALL_PERMISSIONS) expect(can(g, p)).toBe(true);
  });

  it("an explicit grant passes", () => {
    expect(can(grantOf(["jobs:read"]), "jobs:read")).toBe(true);
  });

  it("a missing grant fails, including neighbours in the same area", () => {
    const g = grantOf(["jobs:read"]);
    expect(can(g, "jobs:write")).toBe(false);
    expect(can(g, "jobs:execute")).toBe(false);
    expect(can(g, "users:read")).toBe(false);
  });

  it("an empty non-SuperAdmin grant fails everything", () => {
    const g = grantOf([]);
    for (const p of ALL_PERMISSIONS) expect(can(g, p)).toBe(false);
  });

  it("does not treat wildcard-looking strings as grants", () => {
    expect(can(grantOf(["*", "jobs:*", "admin"]), "jobs:read")).toBe(false);
  });
});

describe("the seeded groups", () => {
  it("are exactly SuperAdmin, Admin, Operator and Viewer", () => {
    expect(SEEDED_GROUPS.map((g) => g.name)).toEqual(["SuperAdmin", "Admin", "Operator", "Viewer"]);
  });

  it("only SuperAdmin bypasses checks", () => {
    expect(SEEDED_GROUPS.filter((g) => g.isSuperAdmin).map((g) => g.name)).toEqual(["SuperAdmin"]);
  });

  it("every seeded permission is a known permission, without duplicates", () => {
    for (const g of SEEDED_GROUPS) {
      for (const p of g.permissions) expect(isPermission(p), `${g.name}: ${p}`).toBe(true);
      expect(new Set(g.permissions).size, g.name).toBe(g.permissions.length);
      expect(g.description.trim()).not.toBe("");
    }
  });

  it("Admin has every permission", () => {
    expect([...seeded("Admin").permissions].sort()).toEqual([...ALL_PERMISSIONS].sort());
  });

  it("Viewer has only :read permissions", () => {
    const viewer = seeded("Viewer");
    expect(viewer.permissions.length).toBeGreaterThan(0);
    for (const p of viewer.permissions) expect(p.endsWith(":read"), p).toBe(true);
  });

  it("Viewer cannot see users, groups, the audit log or settings", () => {
    const viewer = seeded("Viewer");
    for (const p of viewer.permissions) {
      for (const area of ADMIN_AREAS) expect(p.startsWith(area), p).toBe(false);
    }
    const g = grantOf(viewer.permissions);
    for (const p of ["users:read", "groups:read", "audit:read", "settings:read"] as Permission[]) expect(can(g, p)).toBe(false);
  });

  it("Viewer can read the backup areas", () => {
    const g = grantOf(seeded("Viewer").permissions);
    for (const p of ["jobs:read", "sources:read", "destinations:read", "storage:read", "history:read"] as Permission[]) {
      expect(can(g, p), p).toBe(true);
    }
  });

  it("Operator cannot manage users, groups or settings, nor read the audit log", () => {
    const g = grantOf(seeded("Operator").permissions);
    for (const p of ["users:read", "users:write", "groups:read", "groups:write", "settings:read", "settings:write", "audit:read", "sso:write", "apikeys:write"] as Permission[]) {
      expect(can(g, p), p).toBe(false);
    }
  });

  it("Operator runs day-to-day backups", () => {
    const g = grantOf(seeded("Operator").permissions);
    for (const p of ["jobs:read", "jobs:write", "jobs:execute", "sources:write", "destinations:write", "storage:download", "storage:restore"] as Permission[]) {
      expect(can(g, p), p).toBe(true);
    }
    // Deleting backups and managing encryption profiles stay with Admin.
    expect(can(g, "storage:delete")).toBe(false);
    expect(can(g, "vault:write")).toBe(false);
  });

  it("Operator has everything Viewer has", () => {
    const op = new Set<string>(seeded("Operator").permissions);
    for (const p of seeded("Viewer").permissions) expect(op.has(p), p).toBe(true);
  });
});
