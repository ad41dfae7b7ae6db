import { describe, expect, it } from "vitest";
import { sqliteConfig } from "@/adapters/sources/sqlite/config";
import { companionFiles, databaseNameForFile, partialPathFor, restoreTargetFor } from "@/adapters/sources/sqlite/paths";

describe("SQLite database names and files", () => {
  it("names the database after the file, without its extension", () => {
    expect(databaseNameForFile("/srv/app/app.db")).toBe("app");
    expect(databaseNameForFile("/srv/app/data.sqlite3")).toBe("data");
    expect(databaseNameForFile("/srv/app/archive.2024.db")).toBe("archive.2024");
    expect(databaseNameForFile("/srv/app/noext")).toBe("noext");
    expect(databaseNameForFile("/srv/app/.hidden")).toBe(".hidden");
  });

  it("restores next to the source file, adding .db only when the name has no extension", () => {
    expect(restoreTargetFor("/srv/app/app.db", "app_restored")).toBe("/srv/app/app_restored.db");
    expect(restoreTargetFor("/srv/app/app.db", "copy.sqlite")).toBe("/srv/app/copy.sqlite");
    expect(restoreTargetFor("/srv/app/app.db", "app.db")).toBe("/srv/app/app.db");
    expect(restoreTargetFor("/srv/app/app.db", "Données-2025")).toBe("/srv/app/Données-2025.db");
  });

  it("refuses names that could leave the directory, act as options or reach a shell", () => {
    for (const bad of ["x; touch /tmp/pwned", "../escape", "a/b", "..", ".", "-rf", ".hidden", "$(id)", "a b", "x\0y", "", "a".repeat(64)]) {
      expect(() => restoreTargetFor("/srv/app/app.db", bad), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    }
  });

  it("builds the temp and companion file names beside the target", () => {
    expect(partialPathFor("/srv/app/x.db", "a1b2")).toBe("/srv/app/x.db.partial-a1b2");
    expect(companionFiles("/srv/app/x.db")).toEqual({ wal: "/srv/app/x.db-wal", shm: "/srv/app/x.db-shm", journal: "/srv/app/x.db-journal" });
  });
});

describe("sqlite config", () => {
  it("wants an absolute path without NUL", () => {
    expect(sqliteConfig.parse({ path: " /var/lib/app/app.db " })).toEqual({ path: "/var/lib/app/app.db" });
    expect(sqliteConfig.safeParse({ path: "relative/app.db" }).success).toBe(false);
    expect(sqliteConfig.safeParse({ path: "/var/lib/app\0.db" }).success).toBe(false);
    expect(sqliteConfig.safeParse({ path: "" }).success).toBe(false);
  });
});
