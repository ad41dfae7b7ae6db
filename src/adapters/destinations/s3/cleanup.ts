/**
 * Crash leftovers on an S3 destination: multipart uploads a killed writer never completed nor aborted.
 * Under the configured prefix, every upload initiated more than PARTIAL_MIN_AGE_MS ago is aborted (a
 * writer in this process may own a fresh one). Servers without the listing API (s3rver answers
 * NotImplemented / 405) are reported as unsupported, not as a failure.
 */
import { AbortMultipartUploadCommand, ListMultipartUploadsCommand, type ListMultipartUploadsCommandOutput } from "@aws-sdk/client-s3";
import type { AdapterContext } from "../../types";
import { createS3Client, endpointLabel } from "./client";
import type { S3Config } from "./config";
import { isNotFound, s3Error } from "./errors";
import { rootPrefix } from "./paths";

export const PARTIAL_MIN_AGE_MS = 60_000;

type SdkError = { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };

const isNotSupported = (e: unknown): boolean => {
  const err = (e ?? {}) as SdkError;
  const status = err.$metadata?.httpStatusCode;
  return err.name === "NotImplemented" || err.Code === "NotImplemented" || err.name === "MethodNotAllowed" || status === 405 || status === 501;
};

export const cleanupS3Partials = async (config: S3Config, ctx: AdapterContext, now = Date.now()): Promise<{ removed: number; unsupported?: string }> => {
  const client = createS3Client(config);
  const opts = ctx.signal ? { abortSignal: ctx.signal } : {};
  const Prefix = rootPrefix(config.prefix);
  const errCtx = (op: string, key?: string) => ({ op, bucket: config.bucket, endpoint: endpointLabel(config), ...(key !== undefined ? { key } : {}) });
  let removed = 0;
  try {
    let KeyMarker: string | undefined;
    let UploadIdMarker: string | undefined;
    do {
      let page: ListMultipartUploadsCommandOutput;
      try {
        page = await client.send(new ListMultipartUploadsCommand({ Bucket: config.bucket, Prefix, KeyMarker, UploadIdMarker }), opts);
      } catch (e) {
        if (isNotSupported(e)) return { removed, unsupported: `${endpointLabel(config)} does not support listing multipart uploads` };
        throw s3Error(e, errCtx("list multipart uploads"));
      }
      for (const u of page.Uploads ?? []) {
        if (!u.Key || !u.UploadId || !u.Key.startsWith(Prefix)) continue;
        if (u.Initiated && now - u.Initiated.getTime() < PARTIAL_MIN_AGE_MS) continue;
        try {
          await client.send(new AbortMultipartUploadCommand({ Bucket: config.bucket, Key: u.Key, UploadId: u.UploadId }), opts);
          removed++;
        } catch (e) {
          // Completed or aborted meanwhile: nothing left to clean.
          if (isNotFound(e) || (e as SdkError).name === "NoSuchUpload") continue;
          throw s3Error(e, errCtx("abort multipart upload", u.Key.slice(Prefix.length)));
        }
      }
      KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      UploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (KeyMarker);
    return { removed };
  } finally {
    client.destroy();
  }
};
