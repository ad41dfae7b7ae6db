import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import type { S3Config } from "./config";

export const REQUEST_TIMEOUT_MS = 30_000;
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Client options from a destination config. Checksums default to WHEN_REQUIRED: with WHEN_SUPPORTED the
 * SDK sends streamed bodies as aws-chunked with a CRC32 trailer, which many S3-compatible servers store
 * verbatim (a silently corrupted backup).
 */
export const clientOptions = (config: S3Config): S3ClientConfig => {
  const checksums = config.checksums === "when_supported" ? "WHEN_SUPPORTED" : "WHEN_REQUIRED";
  return {
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    requestChecksumCalculation: checksums,
    responseChecksumValidation: checksums,
    maxAttempts: 3,
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECT_TIMEOUT_MS },
  };
};

export const createS3Client = (config: S3Config): S3Client => new S3Client(clientOptions(config));

/** host:port of the S3 API, for messages ("cannot reach 10.0.0.5:9000"). */
export const endpointLabel = (config: Pick<S3Config, "endpoint" | "region">): string => {
  if (!config.endpoint) return `s3.${config.region}.amazonaws.com:443`;
  try {
    const u = new URL(config.endpoint);
    return `${u.hostname}:${u.port || (u.protocol === "http:" ? "80" : "443")}`;
  } catch {
    return config.endpoint;
  }
};
