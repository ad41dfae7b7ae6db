import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { AdapterContext, RestoreOptions } from "@/adapters/types";
import { restoreOwningInput, withLogin } from "@/adapters/sources/tool-source";

const ctx = {} as AdapterContext;
const options = (input: PassThrough): RestoreOptions => ({ database: "db", input, createDatabase: true });

describe("tool sources", () => {
  it("a restore that fails releases its input, and an input error before the restore reads it is no crash", async () => {
    const input = new PassThrough();
    const restore = restoreOwningInput<object>(async () => {
      input.emit("error", new Error("upstream broke"));
      throw new Error("restore failed");
    });
    await expect(restore({}, options(input), ctx)).rejects.toThrow("restore failed");
    expect(input.destroyed).toBe(true);
  });

  it("a restore that read its input to the end leaves it alone", async () => {
    const input = new PassThrough();
    const restore = restoreOwningInput<object>(async (_c, o) => {
      o.input.resume();
      input.end();
      await new Promise((r) => o.input.once("end", r));
    });
    await restore({}, options(input), ctx);
    expect(input.readableEnded).toBe(true);
  });

  it("withLogin swaps the user and password; an empty password means none", () => {
    const config = { host: "h", user: "app", password: "secret" };
    expect(withLogin(config, { username: "root", password: "pw" })).toEqual({ host: "h", user: "root", password: "pw" });
    expect(withLogin(config, { username: "root", password: "" })).toEqual({ host: "h", user: "root", password: undefined });
  });
});
