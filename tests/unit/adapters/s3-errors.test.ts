import { describe, expect, it } from "vitest";
import { isNotFound, s3Error } from "@/adapters/destinations/s3/errors";
import { AdapterError } from "@/adapters/errors";

const sdk = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} message`), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}), ...extra });
const net = (code: string) => Object.assign(new Error(`connect ${code} 10.0.0.5:9000`), { code });
const ctx = { op: "upload", bucket: "backups", endpoint: "10.0.0.5:9000" };

describe("s3 error classification", () => {
  it.each([
    [net("ECONNREFUSED"), "UNREACHABLE", "cannot reach 10.0.0.5:9000 (connection refused)"],
    [net("ENOTFOUND"), "UNREACHABLE", "cannot reach 10.0.0.5:9000 (host not found)"],
    [net("ETIMEDOUT"), "UNREACHABLE", "cannot reach 10.0.0.5:9000 (timed out)"],
    [sdk("TimeoutError"), "UNREACHABLE", "cannot reach 10.0.0.5:9000 (timed out)"],
    [sdk("InvalidAccessKeyId", 403), "AUTH_FAILED", "access denied: check the access key and secret"],
    [sdk("SignatureDoesNotMatch", 403), "AUTH_FAILED", "access denied: check the access key and secret"],
    [sdk("NoSuchBucket", 404), "NOT_FOUND", "bucket backups does not exist"],
    [sdk("AccessDenied", 403), "PERMISSION_DENIED", "access denied to bucket backups: the key is not allowed to upload there"],
    [sdk("AuthorizationHeaderMalformed", 400, { Region: "eu-west-1" }), "INVALID_INPUT", "bucket backups is in another region or needs another endpoint (it is in eu-west-1): check the region"],
    [sdk("PermanentRedirect", 301), "INVALID_INPUT", "bucket backups is in another region or needs another endpoint: check the region"],
    [sdk("InvalidStorageClass", 400), "INVALID_INPUT", "the server does not accept this storage class"],
    [sdk("AbortError"), "CANCELLED", "the upload of bucket backups was cancelled"],
  ])("%s → %s", (e, code, message) => {
    expect(s3Error(e, ctx)).toMatchObject({ code, message });
  });

  it("names the key when there is one", () => {
    expect(s3Error(sdk("NoSuchKey", 404), { ...ctx, op: "read", key: "job/x" })).toMatchObject({ code: "NOT_FOUND", message: "job/x does not exist in bucket backups" });
    expect(s3Error(sdk("NotFound", 404), { ...ctx, op: "read", key: "job/x" })).toMatchObject({ code: "NOT_FOUND" });
    expect(s3Error(sdk("Forbidden", 403), { ...ctx, op: "read", key: "job/x" })).toMatchObject({
      code: "PERMISSION_DENIED",
      message: "access denied to job/x in bucket backups: the key is not allowed to read there",
    });
  });

  it("keeps unknown errors' name, status and text, shortened", () => {
    const e = s3Error(sdk("InternalError", 500), ctx);
    expect(e).toMatchObject({ code: "FAILED", message: "S3 upload of bucket backups failed (HTTP 500): InternalError: InternalError message" });
    expect(s3Error(new Error("x".repeat(1000)), ctx).message.length).toBeLessThan(400);
  });

  it("passes AdapterErrors through", () => {
    const a = new AdapterError("CANCELLED", "stop");
    expect(s3Error(a, ctx)).toBe(a);
  });

  it("recognises HeadObject's not-found", () => {
    expect(isNotFound(sdk("NotFound", 404))).toBe(true);
    expect(isNotFound(sdk("NoSuchKey"))).toBe(true);
    expect(isNotFound(sdk("AccessDenied", 403))).toBe(false);
  });
});
