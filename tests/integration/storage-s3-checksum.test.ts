/**
 * The S3 writer asks for a per-part SHA-256 checksum (ChecksumAlgorithm "SHA256"), so a real S3 refuses
 * a part that arrives damaged. Checked through a recording proxy in front of s3rver: every part and
 * single-part PUT carries x-amz-checksum-sha256 as a plain header (never the aws-chunked trailer that
 * some S3-compatible servers store verbatim), and the stored bytes are exactly what was written.
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3Destination } from "@/adapters/destinations/s3";
import { s3Config } from "@/adapters/destinations/s3/config";
import { startS3Server, type TestS3Server } from "./helpers/s3-server";

const MiB = 1024 * 1024;
const ctx = { tmpDir: os.tmpdir() };

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders };

describe("S3 uploads carry a per-part SHA-256", () => {
  let srv: TestS3Server;
  let proxy: http.Server;
  let endpoint: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    srv = await startS3Server();
    const target = new URL(srv.endpoint);
    proxy = http.createServer((req, res) => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
      const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on("error", () => res.destroy());
      req.pipe(up);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise((r) => proxy.close(r));
    await srv.close();
  });

  const config = () => s3Config.parse({ endpoint, region: srv.region, bucket: srv.bucket, accessKeyId: srv.accessKeyId, secretAccessKey: srv.secretAccessKey, forcePathStyle: true });

  const roundTrip = async (key: string, size: number) => {
    const data = randomBytes(size);
    const w = await s3Destination.openWriter(config(), key, ctx);
    for (let i = 0; i < size; i += 256 * 1024) w.stream.write(data.subarray(i, i + 256 * 1024));
    w.stream.end();
    expect(await w.commit()).toEqual({ size });
    const back = createHash("sha256");
    let n = 0;
    for await (const c of (await s3Destination.read(config(), key, ctx)) as Readable) {
      back.update(c as Buffer);
      n += (c as Buffer).length;
    }
    expect({ sha: back.digest("hex"), n }).toEqual({ sha: createHash("sha256").update(data).digest("hex"), n: size });
  };

  it("multipart: every UploadPart has its SHA-256 header, and the object is byte for byte", async () => {
    seen.length = 0;
    await roundTrip("job/2026-01-01/big.bin", 17 * MiB + 3);
    const parts = seen.filter((s) => s.method === "PUT" && /[?&]partNumber=/.test(s.url));
    expect(parts.length).toBe(3);
    for (const p of parts) {
      expect(p.headers["x-amz-checksum-sha256"]).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(p.headers["content-encoding"] ?? "").not.toContain("aws-chunked");
      expect(p.headers["x-amz-trailer"]).toBeUndefined();
    }
    const create = seen.find((s) => s.method === "POST" && /[?&]uploads/.test(s.url));
    expect(create?.headers["x-amz-checksum-algorithm"]).toBe("SHA256");
  });

  it("a single-part upload carries it too", async () => {
    seen.length = 0;
    await roundTrip("job/2026-01-01/small.bin", 300 * 1024);
    const put = seen.find((s) => s.method === "PUT" && s.url.includes("small.bin"));
    expect(put?.headers["x-amz-checksum-sha256"]).toMatch(/=$/);
  });
});
