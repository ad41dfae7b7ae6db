/**
 * An in-process s3rver (disk-backed, 127.0.0.1, free port) in a private temp dir with one uniquely named
 * bucket. s3rver checks the access key but never the secret: test wrong credentials with a wrong key.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver"; // typed in tests/types/s3rver.d.ts; a plain import works under Vitest (ESM) and Playwright (CJS)


export type TestS3Server = {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** s3rver's storage directory (objects and multipart parts live under it) */
  directory: string;
  close: () => Promise<void>;
};

export const uniqueBucket = (): string => `bk-${process.pid}-${randomBytes(4).toString("hex")}`;

export const startS3Server = async (): Promise<TestS3Server> => {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), "bunker-s3-"));
  const bucket = uniqueBucket();
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    bucket,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    directory,
    close: async () => {
      server.httpServer?.closeAllConnections();
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
};
