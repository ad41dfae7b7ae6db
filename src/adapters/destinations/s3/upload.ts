/**
 * The S3 ArtifactWriter: a lib-storage multipart Upload fed by a PassThrough. The caller's stream does not
 * end the upload (a pipeline ends its last stream by itself, even when the dump then fails): only commit()
 * ends the body, so S3 completes the object only then. abort() destroys the body, which makes lib-storage
 * stop and abort the multipart upload, and waits for that to finish. Every part (and a single-part PUT)
 * carries an x-amz-checksum-sha256 header (lib-storage hands the SDK buffers, so it is a header, not an
 * aws-chunked trailer): S3 refuses a part that arrived damaged instead of storing it.
 */
import { AbortMultipartUploadCommand, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { PassThrough, Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { AdapterError } from "../../errors";
import type { AdapterContext, ArtifactWriter } from "../../types";
import type { S3Config } from "./config";
import { s3Error, type S3ErrorContext } from "./errors";

export const PART_SIZE = 8 * 1024 * 1024;
export const QUEUE_SIZE = 2;
/** How long abort() waits for lib-storage to abort the multipart upload before giving up on it. */
const ABORT_WAIT_MS = 60_000;

const settle = (p: Promise<unknown>, ms: number): Promise<"done" | "failed" | "timeout"> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)));
  return Promise.race([p.then(() => "done" as const, () => "failed" as const), timeout]).finally(() => clearTimeout(timer));
};

export const openUpload = (opts: {
  client: S3Client;
  config: S3Config;
  objectKey: string;
  errorContext: S3ErrorContext;
  ctx?: AdapterContext;
  /** Called once the upload settled either way (the caller destroys its client there) */
  onSettled?: () => void;
}): ArtifactWriter => {
  const { client, config, objectKey, errorContext, ctx } = opts;
  const body = new PassThrough({ highWaterMark: 1 << 20 });
  const upload = new Upload({
    client,
    params: { Bucket: config.bucket, Key: objectKey, Body: body, ChecksumAlgorithm: "SHA256", ...(config.storageClass ? { StorageClass: config.storageClass } : {}) },
    queueSize: QUEUE_SIZE,
    partSize: PART_SIZE,
    leavePartsOnError: false,
  });
  const done = upload.done();

  let size = 0;
  let state: "open" | "committing" | "committed" | "aborted" = "open";
  let committing: Promise<unknown> | undefined;
  let failure: AdapterError | undefined;

  // Forwards into the body with backpressure; ending it (final) does not end the body.
  const stream = new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _enc, cb) {
      if (body.destroyed) return cb(failure ?? new AdapterError("FAILED", `the upload of ${errorContext.key ?? objectKey} has stopped`));
      size += chunk.length;
      if (body.write(chunk)) return cb();
      const onDrain = () => {
        body.off("close", onClose);
        cb();
      };
      const onClose = () => {
        body.off("drain", onDrain);
        cb(failure ?? new AdapterError("FAILED", `the upload of ${errorContext.key ?? objectKey} has stopped`));
      };
      body.once("drain", onDrain);
      body.once("close", onClose);
    },
    final(cb) {
      cb();
    },
  });

  let settledCalled = false;
  const settled = () => {
    if (settledCalled) return;
    settledCalled = true;
    opts.onSettled?.();
  };

  // An upload that fails while data still flows stops the caller's stream at once, not at commit().
  done.catch((e: unknown) => {
    failure = s3Error(e, errorContext);
    if (state === "open") stream.destroy(failure);
  });

  const commit = async (): Promise<{ size: number }> => {
    if (state !== "open") throw new AdapterError("FAILED", `cannot commit ${errorContext.key ?? objectKey}: the upload was already ${state}`);
    state = "committing";
    try {
      if (!stream.writableEnded) stream.end();
      await finished(stream);
      body.end();
      await done;
      state = "committed";
      return { size };
    } catch (e) {
      // Decided before the body is destroyed (which fails the upload with "Premature close"): an upload
      // error, else why the caller's stream was destroyed.
      const why = failure ?? s3Error(stream.errored ?? e, errorContext);
      state = "aborted";
      body.destroy();
      await settle(done, ABORT_WAIT_MS);
      throw why;
    } finally {
      settled();
    }
  };

  const abort = async (): Promise<void> => {
    if (state === "committing") await committing?.catch(() => {});
    if (state !== "open") return;
    state = "aborted";
    stream.destroy();
    body.destroy(new AdapterError("CANCELLED", "upload aborted"));
    try {
      if ((await settle(done, ABORT_WAIT_MS)) === "timeout") await upload.abort();
      // lib-storage aborts the multipart upload itself; repeat it so a failure there is at least logged.
      if (upload.uploadId) {
        await client.send(new AbortMultipartUploadCommand({ Bucket: config.bucket, Key: objectKey, UploadId: upload.uploadId })).catch((e: unknown) => {
          const name = (e as Error | undefined)?.name;
          if (name !== "NoSuchUpload") ctx?.log?.("warn", `could not abort the multipart upload of ${objectKey} in bucket ${config.bucket}: ${s3Error(e, { ...errorContext, op: "multipart abort" }).message}`);
        });
      }
    } finally {
      settled();
    }
  };

  return {
    stream,
    commit: () => (committing = commit()) as Promise<{ size: number }>,
    abort,
  };
};
