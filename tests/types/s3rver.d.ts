// s3rver 3.7 ships no types; the part the tests use.
declare module "s3rver" {
  import type { Server } from "node:http";
  type Options = { address?: string; port?: number; silent?: boolean; directory: string; configureBuckets?: Array<{ name: string; configs?: string[] }> };
  export default class S3rver {
    constructor(options: Options);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
    httpServer?: Server;
  }
}
