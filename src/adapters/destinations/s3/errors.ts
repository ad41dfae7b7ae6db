import { AdapterError, isAdapterError } from "../../errors";
import { SOCKET_REASONS, TLS_REASONS } from "../../network-reasons";

type SdkError = Error & { code?: string; Code?: string; $metadata?: { httpStatusCode?: number }; Region?: string };

export type S3ErrorContext = {
  /** What Bunker was doing, for unexpected errors: "upload", "list", "read"… */
  op: string;
  bucket: string;
  /** host:port, see endpointLabel */
  endpoint: string;
  key?: string;
};

const NETWORK: Readonly<Record<string, string>> = { ...SOCKET_REASONS, ECONNABORTED: "connection aborted", ...TLS_REASONS };

const CREDENTIALS = new Set(["InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "TokenRefreshRequired", "InvalidSecurity", "InvalidClientTokenId"]);

/** An AWS SDK (or network) error → an AdapterError with a message for people. Never includes credentials. */
export const s3Error = (e: unknown, ctx: S3ErrorContext): AdapterError => {
  if (isAdapterError(e)) return e;
  const err = (e ?? {}) as SdkError;
  const name = err.name ?? "";
  const code = err.code ?? err.Code ?? "";
  const status = err.$metadata?.httpStatusCode;
  const what = ctx.key ? `${ctx.key} in bucket ${ctx.bucket}` : `bucket ${ctx.bucket}`;

  const network = NETWORK[code] ?? NETWORK[name];
  if (network) return new AdapterError("UNREACHABLE", `cannot reach ${ctx.endpoint} (${network})`, { cause: e });
  if (name === "TimeoutError" || name === "RequestTimeout" || code === "TimeoutError") {
    return new AdapterError("UNREACHABLE", `cannot reach ${ctx.endpoint} (timed out)`, { cause: e });
  }
  if (name === "AbortError") return new AdapterError("CANCELLED", `the ${ctx.op} of ${what} was cancelled`, { cause: e });
  if (CREDENTIALS.has(name) || CREDENTIALS.has(code)) {
    return new AdapterError("AUTH_FAILED", "access denied: check the access key and secret", { cause: e });
  }
  if (name === "NoSuchBucket") return new AdapterError("NOT_FOUND", `bucket ${ctx.bucket} does not exist`, { cause: e });
  if (name === "NoSuchKey" || (ctx.key && (name === "NotFound" || status === 404))) {
    return new AdapterError("NOT_FOUND", `${ctx.key ?? "the object"} does not exist in bucket ${ctx.bucket}`, { cause: e });
  }
  if (name === "AuthorizationHeaderMalformed" || name === "PermanentRedirect" || name === "IllegalLocationConstraintException" || status === 301) {
    const hint = err.Region ? ` (it is in ${err.Region})` : "";
    return new AdapterError("INVALID_INPUT", `bucket ${ctx.bucket} is in another region or needs another endpoint${hint}: check the region`, { cause: e });
  }
  if (name === "InvalidBucketName") return new AdapterError("INVALID_INPUT", `${ctx.bucket} is not a valid bucket name`, { cause: e });
  if (name === "InvalidStorageClass") return new AdapterError("INVALID_INPUT", "the server does not accept this storage class", { cause: e });
  if (name === "AccessDenied" || name === "Forbidden" || name === "AllAccessDisabled" || status === 403) {
    return new AdapterError("PERMISSION_DENIED", `access denied to ${what}: the key is not allowed to ${ctx.op} there`, { cause: e });
  }
  if (name === "NotFound" || status === 404) return new AdapterError("NOT_FOUND", `bucket ${ctx.bucket} does not exist`, { cause: e });

  const detail = `${name && name !== "Error" ? `${name}: ` : ""}${err.message ?? String(e)}`.slice(0, 300);
  return new AdapterError("FAILED", `S3 ${ctx.op} of ${what} failed${status ? ` (HTTP ${status})` : ""}: ${detail}`, { cause: e });
};

/** HeadObject's "not there": 404 without a body has the name NotFound. */
export const isNotFound = (e: unknown): boolean => {
  const err = e as SdkError | undefined;
  return err?.name === "NotFound" || err?.name === "NoSuchKey" || err?.$metadata?.httpStatusCode === 404;
};
