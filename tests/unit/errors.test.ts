import { describe, it, expect } from "vitest";
import { APP_ERROR_STATUS, AppError, type AppErrorCode, isAppError, isUniqueViolation } from "@/server/errors";

describe("an AppError's code decides its HTTP status", () => {
  it.each([
    ["VALIDATION", 400],
    ["BAD_REQUEST", 400],
    ["UNAUTHENTICATED", 401],
    ["FORBIDDEN", 403],
    ["NOT_FOUND", 404],
    ["CONFLICT", 409],
    ["PRECONDITION_FAILED", 412],
    ["RATE_LIMITED", 429],
    ["INTERNAL", 500],
    ["UNAVAILABLE", 503],
  ] as Array<[AppErrorCode, number]>)("%s → %i", (code, status) => {
    expect(new AppError(code, "x").status).toBe(status);
    expect(APP_ERROR_STATUS[code]).toBe(status);
  });

  it("every code maps to a 4xx or 5xx status", () => {
    for (const [code, status] of Object.entries(APP_ERROR_STATUS)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });
});

describe("AppError carries what the edge needs", () => {
  it("is an Error with name, code, message, fieldErrors and cause", () => {
    const cause = new Error("sqlite busy");
    const e = new AppError("VALIDATION", "name: required", { fieldErrors: { name: ["required"] }, cause });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("AppError");
    expect(e.code).toBe("VALIDATION");
    expect(e.message).toBe("name: required");
    expect(e.fieldErrors).toEqual({ name: ["required"] });
    expect(e.cause).toBe(cause);
  });

  it("has no fieldErrors unless given", () => {
    expect(new AppError("NOT_FOUND", "gone").fieldErrors).toBeUndefined();
  });

  it("isAppError recognises only AppError instances", () => {
    expect(isAppError(new AppError("CONFLICT", "taken"))).toBe(true);
    expect(isAppError(new Error("boom"))).toBe(false);
    expect(isAppError({ name: "AppError", code: "CONFLICT", message: "look-alike" })).toBe(false);
    expect(isAppError(null)).toBe(false);
    expect(isAppError("AppError")).toBe(false);
  });
});

describe("isUniqueViolation detects Prisma's P2002", () => {
  it("is true for an error carrying code P2002", () => {
    const e = Object.assign(new Error("Unique constraint failed on the fields: (`email`)"), { code: "P2002" });
    expect(isUniqueViolation(e)).toBe(true);
    expect(isUniqueViolation({ code: "P2002" })).toBe(true);
  });

  it.each([
    ["another Prisma code", { code: "P2025" }],
    ["a numeric code", { code: 2002 }],
    ["no code", new Error("P2002")],
    ["null", null],
    ["undefined", undefined],
    ["a string", "P2002"],
    ["a number", 2002],
  ])("is false for %s", (_label, value) => {
    expect(isUniqueViolation(value)).toBe(false);
  });
});
