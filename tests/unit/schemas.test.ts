import { describe, it, expect } from "vitest";
import type { z } from "zod";
import { ZCreateUser, ZEmail, ZName, ZPassword, ZSetUserDisabled, ZUpdateUser } from "@/server/services/users/users.schema";
import { ZSetup } from "@/server/services/setup/setup.schema";
import { ZChangePassword, ZUpdateProfile } from "@/server/services/profile/profile.schema";
import { ZDeleteGroup, ZGroupFields, ZUpdateGroup } from "@/server/services/groups/groups.schema";

const GOOD_PW = "correct-horse-1";

/** The issues of a failed parse as { "path": [messages] }. */
const issuesOf = (schema: z.ZodType, input: unknown): Record<string, string[]> => {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  const out: Record<string, string[]> = {};
  for (const i of r.error?.issues ?? []) (out[i.path.join(".") || "_"] ??= []).push(i.message);
  return out;
};

describe("email addresses", () => {
  it("are lowercased", () => {
    expect(ZEmail.parse("Ada.Lovelace@Example.COM")).toBe("ada.lovelace@example.com");
  });

  // Known bug: z.email() validates the raw string before .trim() runs, so surrounding whitespace
  // (a pasted address) is rejected as invalid instead of being trimmed. Remove `.fails` once fixed.
  it("are trimmed (known bug: the format check runs before the trim)", () => {
    expect(ZEmail.parse("  Ada@Example.com \n")).toBe("ada@example.com");
  });

  it.each(["", "ada", "ada@", "@example.com", "ada@example", "ada lovelace@example.com"])("rejects %j with a readable message", (email) => {
    const r = ZEmail.safeParse(email);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("Enter a valid email address");
  });

  it("are lowercased in every form that takes one", () => {
    const email = "Grace@Example.com";
    expect(ZCreateUser.parse({ name: "Grace", email, password: GOOD_PW, groupId: "g1" }).email).toBe("grace@example.com");
    expect(ZUpdateUser.parse({ userId: "u1", name: "Grace", email, groupId: "g1" }).email).toBe("grace@example.com");
    expect(ZSetup.parse({ name: "Grace", email, password: GOOD_PW, confirmPassword: GOOD_PW }).email).toBe("grace@example.com");
    expect(ZUpdateProfile.parse({ name: "Grace", email }).email).toBe("grace@example.com");
  });
});

describe("names", () => {
  it("are trimmed", () => {
    expect(ZName.parse("  Ada  ")).toBe("Ada");
  });

  it("must not be blank", () => {
    expect(ZName.safeParse("   ").error?.issues[0]?.message).toBe("Name is required");
  });

  it("are at most 100 characters", () => {
    expect(ZName.safeParse("x".repeat(100)).success).toBe(true);
    expect(ZName.safeParse("x".repeat(101)).error?.issues[0]?.message).toBe("Name is at most 100 characters");
  });
});

describe("passwords", () => {
  it("of fewer than 10 characters are rejected", () => {
    expect(ZPassword.safeParse("123456789").error?.issues[0]?.message).toBe("Password must be at least 10 characters");
  });

  it("of exactly 10 and up to 256 characters are accepted as given (not trimmed)", () => {
    expect(ZPassword.parse("1234567890")).toBe("1234567890");
    expect(ZPassword.parse(" spaced pw ")).toBe(" spaced pw ");
    expect(ZPassword.safeParse("p".repeat(256)).success).toBe(true);
  });

  it("longer than 256 characters are rejected", () => {
    expect(ZPassword.safeParse("p".repeat(257)).error?.issues[0]?.message).toBe("Password is at most 256 characters");
  });
});

describe("creating and editing users", () => {
  it("create needs a group", () => {
    expect(issuesOf(ZCreateUser, { name: "Ada", email: "ada@example.com", password: GOOD_PW, groupId: "" })).toEqual({ groupId: ["Pick a group"] });
  });

  it("create rejects a short password on the password field", () => {
    expect(issuesOf(ZCreateUser, { name: "Ada", email: "ada@example.com", password: "short", groupId: "g1" })).toEqual({
      password: ["Password must be at least 10 characters"],
    });
  });

  it("update keeps the current password when newPassword is empty or absent", () => {
    const base = { userId: "u1", name: "Ada", email: "ada@example.com", groupId: "g1" };
    expect(ZUpdateUser.parse({ ...base, newPassword: "" }).newPassword).toBe("");
    expect(ZUpdateUser.parse(base).newPassword).toBeUndefined();
    expect(ZUpdateUser.parse({ ...base, newPassword: GOOD_PW }).newPassword).toBe(GOOD_PW);
  });

  it("update rejects a non-empty newPassword shorter than 10 characters", () => {
    const r = ZUpdateUser.safeParse({ userId: "u1", name: "Ada", email: "ada@example.com", groupId: "g1", newPassword: "short" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["newPassword"]);
  });

  it("disable takes a real boolean", () => {
    expect(ZSetUserDisabled.parse({ userId: "u1", disabled: true })).toEqual({ userId: "u1", disabled: true });
    expect(ZSetUserDisabled.safeParse({ userId: "u1", disabled: "true" }).success).toBe(false);
  });
});

describe("first-run setup", () => {
  const ok = { name: "Admin", email: "Admin@Example.com", password: GOOD_PW, confirmPassword: GOOD_PW };

  it("accepts matching passwords and normalises the email", () => {
    expect(ZSetup.parse(ok)).toEqual({ name: "Admin", email: "admin@example.com", password: GOOD_PW, confirmPassword: GOOD_PW });
  });

  it("reports a password mismatch on confirmPassword", () => {
    expect(issuesOf(ZSetup, { ...ok, confirmPassword: `${GOOD_PW}x` })).toEqual({ confirmPassword: ["Passwords do not match"] });
  });

  it("rejects a short password even when confirmed", () => {
    expect(issuesOf(ZSetup, { ...ok, password: "short", confirmPassword: "short" })).toHaveProperty("password");
  });
});

describe("changing one's own password", () => {
  const ok = { currentPassword: "old-password-1", newPassword: GOOD_PW, confirmPassword: GOOD_PW };

  it("accepts a new, confirmed password and revokes other sessions by default", () => {
    expect(ZChangePassword.parse(ok)).toEqual({ ...ok, revokeOtherSessions: true });
    expect(ZChangePassword.parse({ ...ok, revokeOtherSessions: false }).revokeOtherSessions).toBe(false);
  });

  it("rejects a new password equal to the current one, on newPassword", () => {
    expect(issuesOf(ZChangePassword, { currentPassword: GOOD_PW, newPassword: GOOD_PW, confirmPassword: GOOD_PW })).toEqual({
      newPassword: ["Choose a password different from the current one"],
    });
  });

  it("rejects a mismatched confirmation, on confirmPassword", () => {
    expect(issuesOf(ZChangePassword, { ...ok, confirmPassword: "something-else" })).toEqual({ confirmPassword: ["Passwords do not match"] });
  });

  it("requires the current password", () => {
    expect(issuesOf(ZChangePassword, { ...ok, currentPassword: "" })).toEqual({ currentPassword: ["Enter your current password"] });
  });

  it("rejects a short new password", () => {
    expect(issuesOf(ZChangePassword, { ...ok, newPassword: "short", confirmPassword: "short" })).toHaveProperty("newPassword", [
      "Password must be at least 10 characters",
    ]);
  });
});

describe("profile", () => {
  it("trims the name and lowercases the email", () => {
    expect(ZUpdateProfile.parse({ name: " Ada ", email: "ADA@EXAMPLE.COM" })).toEqual({ name: "Ada", email: "ada@example.com" });
  });
});

describe("groups", () => {
  const ok = { name: "Backup operators", permissions: ["jobs:read"] };

  it("sorts permissions and removes duplicates", () => {
    expect(ZGroupFields.parse({ ...ok, permissions: ["jobs:write", "audit:read", "jobs:write", "jobs:read", "audit:read"] }).permissions).toEqual([
      "audit:read",
      "jobs:read",
      "jobs:write",
    ]);
  });

  it("accepts an empty permission list", () => {
    expect(ZGroupFields.parse({ ...ok, permissions: [] }).permissions).toEqual([]);
  });

  it.each([["jobs:delete"], ["*"], ["JOBS:READ"], [""]])("rejects the unknown permission %j", (p) => {
    expect(issuesOf(ZGroupFields, { ...ok, permissions: ["jobs:read", p] })).toEqual({ permissions: ["Unknown permission"] });
  });

  it("rejects more than 200 permission entries", () => {
    expect(ZGroupFields.safeParse({ ...ok, permissions: Array.from({ length: 201 }, () => "jobs:read") }).success).toBe(false);
  });

  it.each(["Ops", "Backup operators", "team_1", "ops-eu.west", "A1"])("accepts the name %j", (name) => {
    expect(ZGroupFields.parse({ ...ok, name }).name).toBe(name);
  });

  it("trims the name before checking it", () => {
    expect(ZGroupFields.parse({ ...ok, name: "  Ops  " }).name).toBe("Ops");
  });

  it.each(["Ops/Admins", "<script>", "ops@eu", "a,b", "ops\tteam", "emoji 🔐"])("rejects the name %j (charset)", (name) => {
    expect(issuesOf(ZGroupFields, { ...ok, name })).toEqual({ name: ["Letters, digits, spaces, dots, dashes and underscores only"] });
  });

  it("needs 2 to 50 characters", () => {
    expect(issuesOf(ZGroupFields, { ...ok, name: "A" })).toEqual({ name: ["Name is at least 2 characters"] });
    expect(ZGroupFields.safeParse({ ...ok, name: "x".repeat(50) }).success).toBe(true);
    expect(ZGroupFields.safeParse({ ...ok, name: "x".repeat(51) }).success).toBe(false);
  });

  it("turns an empty or missing description into null and trims a real one", () => {
    expect(ZGroupFields.parse(ok).description).toBeNull();
    expect(ZGroupFields.parse({ ...ok, description: "   " }).description).toBeNull();
    expect(ZGroupFields.parse({ ...ok, description: "  Night shift  " }).description).toBe("Night shift");
    expect(ZGroupFields.safeParse({ ...ok, description: "d".repeat(301) }).success).toBe(false);
  });

  it("update and delete need a group id", () => {
    expect(ZUpdateGroup.safeParse(ok).success).toBe(false);
    expect(ZUpdateGroup.parse({ ...ok, groupId: "g1" }).groupId).toBe("g1");
    expect(ZDeleteGroup.safeParse({ groupId: "" }).success).toBe(false);
  });
});
