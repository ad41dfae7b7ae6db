/**
 * AWS S3 and S3-compatible APIs. One client per operation, destroyed when the operation (or the stream it
 * returned) is finished, so no keep-alive socket outlives its use.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { AdapterError } from "../../errors";
import type { AdapterContext, ArtifactWriter, ConnectionTest, DestinationAdapter, ObjectInfo } from "../../types";
import { createS3Client, endpointLabel } from "./client";
import type { S3Config } from "./config";
import { cleanupS3Partials } from "./cleanup";
import { isNotFound, s3Error, type S3ErrorContext } from "./errors";
import { keyFromObject, listPrefix, objectKey, probeKey, rootPrefix } from "./paths";
import { openUpload } from "./upload";

const errorContext = (config: S3Config, op: string, key?: string): S3ErrorContext => ({
  op,
  bucket: config.bucket,
  endpoint: endpointLabel(config),
  ...(key !== undefined ? { key } : {}),
});

const withClient = async <T>(config: S3Config, fn: (client: S3Client) => Promise<T>): Promise<T> => {
  const client = createS3Client(config);
  try {
    return await fn(client);
  } finally {
    client.destroy();
  }
};

const sendOpts = (ctx?: AdapterContext) => (ctx?.signal ? { abortSignal: ctx.signal } : {});

const writer = (config: S3Config, key: string, ctx: AdapterContext | undefined, allowInternal: boolean): ArtifactWriter => {
  const Key = objectKey(config.prefix, key, { allowInternal });
  const client = createS3Client(config);
  return openUpload({ client, config, objectKey: Key, errorContext: errorContext(config, "upload", key), ctx, onSettled: () => client.destroy() });
};

const readObject = async (config: S3Config, key: string, ctx: AdapterContext | undefined, allowInternal = false): Promise<Readable> => {
  const Key = objectKey(config.prefix, key, { allowInternal });
  const client = createS3Client(config);
  try {
    const res = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key }), sendOpts(ctx));
    // In Node the SDK's body is the HTTP response itself (an IncomingMessage): streamed, never buffered.
    const body = res.Body;
    if (!(body instanceof Readable)) throw new AdapterError("FAILED", `S3 returned no readable body for ${key} in bucket ${config.bucket}`);
    body.once("close", () => client.destroy());
    return body;
  } catch (e) {
    client.destroy();
    throw s3Error(e, errorContext(config, "read", key));
  }
};

const deleteObject = async (config: S3Config, key: string, ctx: AdapterContext | undefined, allowInternal = false): Promise<void> => {
  const Key = objectKey(config.prefix, key, { allowInternal });
  await withClient(config, async (client) => {
    try {
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key }), sendOpts(ctx));
    } catch (e) {
      if (isNotFound(e) && (e as Error).name !== "NoSuchBucket") return;
      throw s3Error(e, errorContext(config, "delete", key));
    }
  });
};

const readAll = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

const describe = (config: S3Config): string => {
  const prefix = rootPrefix(config.prefix);
  const where = config.endpoint ? ` at ${endpointLabel(config)}` : "";
  return `bucket ${config.bucket}${prefix ? ` (prefix ${prefix})` : ""} in ${config.region}${where}`;
};

export const s3Destination: DestinationAdapter<S3Config> = {
  test: async (config, ctx): Promise<ConnectionTest> => {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    const key = probeKey();
    try {
      const payload = randomBytes(64);
      const w = writer(config, key, ctx, true);
      try {
        w.stream.end(payload);
        await w.commit();
      } finally {
        await w.abort();
      }
      const back = await readAll(await readObject(config, key, ctx, true));
      if (!back.equals(payload)) {
        throw new AdapterError("FAILED", `the probe object read back from bucket ${config.bucket} differs from what was written: check the "Request checksums" setting`);
      }
      return { ok: true, latencyMs: latencyMs(), details: describe(config) };
    } catch (e) {
      return { ok: false, latencyMs: latencyMs(), error: s3Error(e, errorContext(config, "test upload")).message };
    } finally {
      await deleteObject(config, key, ctx, true).catch(() => {});
    }
  },

  openWriter: async (config, key, ctx) => writer(config, key, ctx, false),

  list: async (config, prefix, ctx) => {
    const root = rootPrefix(config.prefix);
    const Prefix = listPrefix(config.prefix, prefix);
    return withClient(config, async (client) => {
      const out: ObjectInfo[] = [];
      let token: string | undefined;
      do {
        let page: ListObjectsV2CommandOutput;
        try {
          page = await client.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix, ContinuationToken: token }), sendOpts(ctx));
        } catch (e) {
          throw s3Error(e, errorContext(config, "list"));
        }
        for (const o of page.Contents ?? []) {
          const key = o.Key === undefined ? null : keyFromObject(root, o.Key);
          if (key !== null) out.push({ key, size: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date(0) });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    });
  },

  read: async (config, key, ctx) => readObject(config, key, ctx),

  stat: async (config, key, ctx) => {
    const Key = objectKey(config.prefix, key);
    return withClient(config, async (client) => {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: config.bucket, Key }), sendOpts(ctx));
        return { key, size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0) };
      } catch (e) {
        if (isNotFound(e)) return null;
        throw s3Error(e, errorContext(config, "stat", key));
      }
    });
  },

  delete: async (config, key, ctx) => deleteObject(config, key, ctx),

  cleanupPartials: async (config, ctx) => cleanupS3Partials(config, ctx),
};
