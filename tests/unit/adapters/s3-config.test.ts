import { describe, expect, it } from "vitest";
import { bucketNameProblem, prefixProblem, s3Config } from "@/adapters/destinations/s3/config";
import { describeConfig, secretFieldNames } from "@/server/services/adapters/config-fields";

const base = { bucket: "my-backups", accessKeyId: "AKIAEXAMPLE", secretAccessKey: "secret" };

describe("s3 config schema", () => {
  it("fills defaults", () => {
    expect(s3Config.parse(base)).toEqual({ ...base, region: "us-east-1", forcePathStyle: false, checksums: "when_required" });
  });

  it("accepts an http(s) endpoint or none", () => {
    expect(s3Config.safeParse({ ...base, endpoint: "https://s3.example.com" }).success).toBe(true);
    expect(s3Config.safeParse({ ...base, endpoint: "http://127.0.0.1:9000" }).success).toBe(true);
    expect(s3Config.safeParse({ ...base, endpoint: "" }).success).toBe(true);
    for (const bad of ["ftp://x", "s3.example.com", "https://user:pw@s3.example.com"]) expect(s3Config.safeParse({ ...base, endpoint: bad }).success).toBe(false);
  });

  it.each([
    ["ab", "A bucket name has 3 to 63 characters"],
    ["a".repeat(64), "A bucket name has 3 to 63 characters"],
    ["My-Bucket", "Use lowercase letters, digits, dots and hyphens only"],
    ["my_bucket", "Use lowercase letters, digits, dots and hyphens only"],
    ["-bucket", "A bucket name starts and ends with a letter or a digit"],
    ["bucket-", "A bucket name starts and ends with a letter or a digit"],
    ["my..bucket", "A bucket name cannot contain two dots in a row"],
    ["192.168.1.1", "A bucket name cannot look like an IP address"],
    ["xn--bucket", "That bucket name uses a prefix or suffix S3 reserves"],
    ["bucket-s3alias", "That bucket name uses a prefix or suffix S3 reserves"],
  ])("refuses bucket %j", (bucket, message) => {
    expect(bucketNameProblem(bucket)).toBe(message);
    const r = s3Config.safeParse({ ...base, bucket });
    expect(r.success ? null : r.error.issues[0]?.message).toBe(message);
  });

  it.each(["abc", "my-backups", "backups.example.com", "a".repeat(63), "b2-bucket-01"])("accepts bucket %j", (bucket) => {
    expect(bucketNameProblem(bucket)).toBeNull();
  });

  it("checks prefixes", () => {
    expect(prefixProblem("")).toBeNull();
    expect(prefixProblem("bunker")).toBeNull();
    expect(prefixProblem("bunker/prod/")).toBeNull();
    expect(prefixProblem("/bunker")).toBe("Write the prefix without a leading slash, e.g. bunker/prod");
    expect(prefixProblem("a//b")).toBe('Write the prefix without "//", "." or ".." parts');
    expect(prefixProblem("a/../b")).toBe('Write the prefix without "//", "." or ".." parts');
    expect(prefixProblem("a\\b")).toBe("The prefix contains a backslash or a control character");
    expect(s3Config.safeParse({ ...base, prefix: "/x" }).success).toBe(false);
  });

  it("only knows AWS storage classes and the two checksum modes", () => {
    expect(s3Config.safeParse({ ...base, storageClass: "GLACIER_IR" }).success).toBe(true);
    expect(s3Config.safeParse({ ...base, storageClass: "COLD" }).success).toBe(false);
    expect(s3Config.safeParse({ ...base, checksums: "always" }).success).toBe(false);
  });

  it("marks the secret and the advanced fields for the form", () => {
    expect(secretFieldNames(s3Config)).toEqual(["secretAccessKey"]);
    const fields = Object.fromEntries(describeConfig(s3Config).map((f) => [f.name, f]));
    expect(Object.keys(fields)).toEqual(["endpoint", "region", "bucket", "prefix", "accessKeyId", "secretAccessKey", "forcePathStyle", "storageClass", "checksums"]);
    expect(fields.checksums).toMatchObject({ type: "enum", defaultValue: "when_required", advanced: true, options: ["when_required", "when_supported"] });
    expect(fields.forcePathStyle).toMatchObject({ type: "boolean", defaultValue: false, advanced: true });
    expect(fields.storageClass).toMatchObject({ type: "enum", required: false, advanced: true });
    expect(fields.bucket).toMatchObject({ required: true, advanced: false });
    expect(fields.endpoint).toMatchObject({ required: false });
  });
});
