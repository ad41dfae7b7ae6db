import { afterEach, beforeEach, describe, it, expect, type MockInstance, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/server/errors";
import { authorize, parseInput, toPublicError } from "@/server/http/guard";
import type { Caller } from "@/server/http/caller";
import { SEEDED_GROUPS } from "@/server/rbac/permissions";

const GENERIC = "Something went wrong on the server. The details are in the server log.";

const callerOf = (groupName: string, permissions: string[], isSuperAdmin = false): Caller => ({
  userId: "u1",
  email: "ada@example.com",
  name: "Ada",
  groupName,
  grant: { isSuperAdmin, permissions: new Set(permissions) },
  sessionId: "s1",
  ip: "127.0.0.1",
  userAgent: "vitest",
});

const viewerPerms = SEEDED_GROUPS.find((g) => g.name === "Viewer")?.permissions ?? [];
const viewer = callerOf("Viewer", [...viewerPerms]);
const superAdmin = callerOf("SuperAdmin", [], true);

const thrown = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error("expected a throw");
};

let errorSpy: MockInstance<(...args: unknown[]) => void>;
beforeEach(() => {
  errorSpy = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("authorize: who may call an edge", () => {
  it("refuses an anonymous caller with UNAUTHENTICATED (401)", () => {
    const e = thrown(() => authorize(null, "jobs:read"));
    expect(e.code).toBe("UNAUTHENTICATED");
    expect(e.status).toBe(401);
    expect(e.message).toBe("Sign in to continue.");
  });

  it("refuses an anonymous caller on an 'authenticated' edge", () => {
    expect(thrown(() => authorize(null, "authenticated")).code).toBe("UNAUTHENTICATED");
  });

  it("lets anyone through a public edge, returning the (possibly null) caller", () => {
    expect(authorize(null, "public")).toBeNull();
    expect(authorize(viewer, "public")).toBe(viewer);
  });

  it("lets any signed-in user through an 'authenticated' edge, even with no permissions", () => {
    const nobody = callerOf("Empty", []);
    expect(authorize(nobody, "authenticated")).toBe(nobody);
  });

  it("refuses a Viewer without the permission with FORBIDDEN (403), naming the group and permission", () => {
    const e = thrown(() => authorize(viewer, "users:write"));
    expect(e.code).toBe("FORBIDDEN");
    expect(e.status).toBe(403);
    expect(e.message).toContain("users:write");
    expect(e.message).toContain("Viewer");
  });

  it.each(["users:read", "groups:write", "settings:write", "audit:read", "jobs:write", "storage:delete"] as const)(
    "a Viewer is refused %s",
    (p) => {
      expect(thrown(() => authorize(viewer, p)).code).toBe("FORBIDDEN");
    },
  );

  it("lets a Viewer read jobs and returns the caller", () => {
    expect(authorize(viewer, "jobs:read")).toBe(viewer);
  });

  it("lets a SuperAdmin through every permission", () => {
    for (const p of ["users:write", "groups:write", "settings:write", "audit:read", "apikeys:write"] as const) {
      expect(authorize(superAdmin, p)).toBe(superAdmin);
    }
  });

  it("lets a custom group through only what it was granted", () => {
    const auditor = callerOf("Auditors", ["audit:read"]);
    expect(authorize(auditor, "audit:read")).toBe(auditor);
    expect(thrown(() => authorize(auditor, "settings:read")).message).toContain("(Auditors)");
  });
});

describe("parseInput: validating what the edge received", () => {
  const ZInput = z.object({
    name: z.string().trim().min(2, "Name is too short"),
    port: z.coerce.number().int().min(1, "Port must be positive"),
    tags: z.array(z.string().min(1, "Empty tag")).default([]),
    nested: z.object({ host: z.string().min(1, "Host is required") }).optional(),
  });

  it("returns the parsed (transformed) data", () => {
    expect(parseInput(ZInput, { name: "  db1  ", port: "5432" })).toEqual({ name: "db1", port: 5432, tags: [] });
  });

  it("throws VALIDATION (400) with fieldErrors keyed by path", () => {
    const e = thrown(() => parseInput(ZInput, { name: "x", port: 0, tags: ["ok", ""], nested: { host: "" } }));
    expect(e.code).toBe("VALIDATION");
    expect(e.status).toBe(400);
    expect(e.fieldErrors).toEqual({
      name: ["Name is too short"],
      port: ["Port must be positive"],
      "tags.1": ["Empty tag"],
      "nested.host": ["Host is required"],
    });
  });

  it("uses the first issue, prefixed with its path, as the message", () => {
    const e = thrown(() => parseInput(ZInput, { name: "x", port: 0 }));
    expect(e.message).toBe("name: Name is too short");
  });

  it("collects several messages for the same field", () => {
    const Z = z.object({ code: z.string().min(5, "too short").regex(/^\d+$/, "digits only") });
    const e = thrown(() => parseInput(Z, { code: "ab" }));
    expect(e.fieldErrors).toEqual({ code: ["too short", "digits only"] });
  });

  it("keys a root-level issue as '_' and gives the bare message", () => {
    const e = thrown(() => parseInput(z.string({ error: "Expected text" }), 42));
    expect(e.fieldErrors).toEqual({ _: ["Expected text"] });
    expect(e.message).toBe("Expected text");
  });

  it("reports a missing object as a root-level issue", () => {
    const e = thrown(() => parseInput(ZInput, undefined));
    expect(Object.keys(e.fieldErrors ?? {})).toEqual(["_"]);
  });
});

describe("toPublicError: what leaves the server", () => {
  it("keeps an AppError's code and message", () => {
    expect(toPublicError(new AppError("CONFLICT", "A group with that name exists."), "test")).toEqual({
      code: "CONFLICT",
      message: "A group with that name exists.",
    });
    expect(errorSpy).not.toHaveBeenCalled();
  });

  it("keeps fieldErrors when the AppError has them", () => {
    const fieldErrors = { email: ["Enter a valid email address"] };
    expect(toPublicError(new AppError("VALIDATION", "email: Enter a valid email address", { fieldErrors }), "test")).toEqual({
      code: "VALIDATION",
      message: "email: Enter a valid email address",
      fieldErrors,
    });
  });

  it("omits the fieldErrors key when there are none", () => {
    expect("fieldErrors" in toPublicError(new AppError("NOT_FOUND", "No such user."), "test")).toBe(false);
  });

  it("round-trips a parseInput failure", () => {
    let err: unknown;
    try {
      parseInput(z.object({ a: z.string() }), {});
    } catch (e) {
      err = e;
    }
    const pub = toPublicError(err, "test");
    expect(pub.code).toBe("VALIDATION");
    expect(Object.keys(pub.fieldErrors ?? {})).toEqual(["a"]);
  });

  it.each([
    ["an Error", new Error("SQLITE_CONSTRAINT: users.password_hash=$argon2id$secret")],
    ["a TypeError", new TypeError("Cannot read properties of undefined (reading 'secretToken')")],
    ["a thrown string", "connection refused to 10.0.0.3 with password hunter2"],
    ["a plain object posing as an AppError", { code: "CONFLICT", message: "internal detail" }],
    ["undefined", undefined],
  ])("replaces %s with the generic INTERNAL message and logs it", (_label, err) => {
    const pub = toPublicError(err, "users.create");
    expect(pub).toEqual({ code: "INTERNAL", message: GENERIC });
    const serialised = JSON.stringify(pub);
    for (const leak of ["SQLITE", "argon2", "secretToken", "hunter2", "internal detail"]) expect(serialised).not.toContain(leak);
    expect(errorSpy).toHaveBeenCalledTimes(1);
    expect(String(errorSpy.mock.calls[0]?.[0])).toContain("unexpected error in users.create");
  });
});
