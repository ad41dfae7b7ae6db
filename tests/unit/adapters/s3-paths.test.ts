import { describe, expect, it } from "vitest";
import { clientOptions, endpointLabel } from "@/adapters/destinations/s3/client";
import { s3Config } from "@/adapters/destinations/s3/config";
import { keyFromObject, listPrefix, objectKey, probeKey, rootPrefix } from "@/adapters/destinations/s3/paths";
import { INTERNAL_KEYS, UNSAFE_KEYS, thrownCode } from "./destination-keys";

describe("s3 keys and prefixes", () => {
  it("treats the configured prefix as a folder", () => {
    expect(rootPrefix(undefined)).toBe("");
    expect(rootPrefix("")).toBe("");
    expect(rootPrefix("bunker")).toBe("bunker/");
    expect(rootPrefix("bunker/prod/")).toBe("bunker/prod/");
    expect(thrownCode(() => rootPrefix("/abs"))).toBe("INVALID_INPUT");
    expect(thrownCode(() => rootPrefix("a/../b"))).toBe("INVALID_INPUT");
  });

  it("joins prefix and key", () => {
    expect(objectKey(undefined, "job/x.dump")).toBe("job/x.dump");
    expect(objectKey("bunker", "job/x.dump")).toBe("bunker/job/x.dump");
    expect(objectKey("bunker/", "job/x.dump")).toBe("bunker/job/x.dump");
    expect(listPrefix("bunker", "")).toBe("bunker/");
    expect(listPrefix("bunker", "job/")).toBe("bunker/job/");
    expect(listPrefix(undefined, "job")).toBe("job");
  });

  it.each([...UNSAFE_KEYS, ...INTERNAL_KEYS])("refuses key %j", (key) => {
    expect(thrownCode(() => objectKey("bunker", key))).toBe("INVALID_INPUT");
  });

  it("allows a probe key only when asked", () => {
    const k = probeKey();
    expect(objectKey("p", k, { allowInternal: true })).toBe(`p/${k}`);
  });

  it("maps listed keys back, hiding folder markers, probes and other prefixes", () => {
    expect(keyFromObject("bunker/", "bunker/job/x.dump")).toBe("job/x.dump");
    expect(keyFromObject("", "job/x.dump")).toBe("job/x.dump");
    expect(keyFromObject("bunker/", "bunker/job/")).toBeNull();
    expect(keyFromObject("bunker/", "bunker/")).toBeNull();
    expect(keyFromObject("bunker/", "bunker/.bunker-probe-0a0b")).toBeNull();
    expect(keyFromObject("bunker/", "bunker/j/x.partial-0123456789abcdef")).toBeNull();
    expect(keyFromObject("bunker/", "other/x")).toBeNull();
  });
});

describe("s3 client options", () => {
  const config = s3Config.parse({ bucket: "b-1", accessKeyId: "AK", secretAccessKey: "SK" });

  it("sends checksums only when required unless told otherwise", () => {
    expect(clientOptions(config)).toMatchObject({ requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
    expect(clientOptions({ ...config, checksums: "when_supported" })).toMatchObject({
      requestChecksumCalculation: "WHEN_SUPPORTED",
      responseChecksumValidation: "WHEN_SUPPORTED",
    });
  });

  it("passes region, endpoint, path style, credentials, retries and timeouts", () => {
    const o = clientOptions({ ...config, endpoint: "http://minio:9000", forcePathStyle: true, region: "eu-west-1" });
    expect(o).toMatchObject({
      region: "eu-west-1",
      endpoint: "http://minio:9000",
      forcePathStyle: true,
      credentials: { accessKeyId: "AK", secretAccessKey: "SK" },
      maxAttempts: 3,
      requestHandler: { requestTimeout: 30_000, connectionTimeout: 10_000 },
    });
    expect(clientOptions(config)).not.toHaveProperty("endpoint"); // empty = AWS
    expect(clientOptions({ ...config, endpoint: "" })).not.toHaveProperty("endpoint");
  });

  it("labels endpoints as host:port", () => {
    expect(endpointLabel({ region: "eu-west-1" })).toBe("s3.eu-west-1.amazonaws.com:443");
    expect(endpointLabel({ region: "x", endpoint: "http://127.0.0.1:9000" })).toBe("127.0.0.1:9000");
    expect(endpointLabel({ region: "x", endpoint: "https://s3.example.com" })).toBe("s3.example.com:443");
    expect(endpointLabel({ region: "x", endpoint: "http://s3.example.com/" })).toBe("s3.example.com:80");
  });
});
