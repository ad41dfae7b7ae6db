import { describe, expect, it } from "vitest";
import { z } from "zod";
import { adapterSummary } from "@/app/(app)/_adapters/adapter-summary";
import { describeConfig, secretFieldNames } from "@/server/services/adapters/config-fields";
import { nextHealth } from "@/server/services/adapters/health-status";

describe("health status from consecutive failures", () => {
  it("is ONLINE on success, DEGRADED after 1–2 failures, OFFLINE from the 3rd", () => {
    expect(nextHealth(5, true)).toEqual({ status: "ONLINE", consecutiveFailures: 0 });
    expect(nextHealth(0, false)).toEqual({ status: "DEGRADED", consecutiveFailures: 1 });
    expect(nextHealth(1, false)).toEqual({ status: "DEGRADED", consecutiveFailures: 2 });
    expect(nextHealth(2, false)).toEqual({ status: "OFFLINE", consecutiveFailures: 3 });
    expect(nextHealth(9, false)).toEqual({ status: "OFFLINE", consecutiveFailures: 10 });
  });
});

describe("form fields from a config schema", () => {
  const schema = z
    .object({
      host: z.string().min(1).meta({ title: "Host", placeholder: "db.example.com" }),
      port: z.number().int().default(5432).meta({ title: "Port" }),
      password: z.string().optional().meta({ title: "Password", secret: true }),
      key: z.string().optional().meta({ title: "Key", secret: true, multiline: true }),
      mode: z.enum(["a", "b"]).default("a").meta({ title: "Mode", advanced: true }),
      tls: z.boolean().default(false).meta({ title: "TLS" }),
    })
    .refine((v) => v.password || v.key, { message: "password or key" });

  it("describes each field's type, default, options, and whether it is secret, multiline or advanced", () => {
    const f = Object.fromEntries(describeConfig(schema).map((x) => [x.name, x]));
    expect(f.host).toMatchObject({ type: "string", title: "Host", required: true, placeholder: "db.example.com", secret: false });
    expect(f.port).toMatchObject({ type: "number", required: false, defaultValue: 5432 });
    expect(f.password).toMatchObject({ type: "string", secret: true, required: false });
    expect(f.key).toMatchObject({ secret: true, multiline: true });
    expect(f.mode).toMatchObject({ type: "enum", options: ["a", "b"], advanced: true, defaultValue: "a" });
    expect(f.tls).toMatchObject({ type: "boolean", defaultValue: false });
    expect(secretFieldNames(schema)).toEqual(["password", "key"]);
  });
});

describe("list summary", () => {
  it("says where a config points", () => {
    expect(adapterSummary({ host: "db", port: 5432, user: "app" })).toBe("app@db:5432");
    expect(adapterSummary({ bucket: "backups", prefix: "prod", endpoint: "https://s3.example.com" })).toBe("backups/prod @ s3.example.com");
    expect(adapterSummary({ path: "/srv/backups" })).toBe("/srv/backups");
    expect(adapterSummary({ host: "h", username: "u", path: "/p" })).toBe("u@h/p");
  });
});
