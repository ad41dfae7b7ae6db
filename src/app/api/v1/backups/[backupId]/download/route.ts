/** One backup, streamed: the bytes as stored (raw) or decrypted and decompressed (plain). */
import { Readable } from "node:stream";
import { withRoute } from "@/server/http/route";
import { contentDisposition } from "@/server/services/storage/download-file-name";
import { openBackupDownload } from "@/server/services/storage/open-backup-download";
import { ZBackupId, ZDownloadQuery } from "@/server/services/storage/storage.schema";

export const dynamic = "force-dynamic";

// GET /api/v1/backups/:backupId/download?format=raw|plain (storage:download; audited as backup.download)
//   The sha256, size and age authentication are checked on the way: a failed check aborts the
//   response instead of ending it.
export const GET = withRoute({
  name: "backups.download",
  access: "storage:download",
  summary: "Download a backup, as stored (raw) or decrypted and decompressed (plain)",
  responses: {
    200: { description: "The backup bytes, streamed; a check failing on the way aborts the response", contentType: "application/octet-stream" },
    412: { description: "The backup cannot be read: unreadable manifest, no key in the vault for it, or a failed check before the first byte" },
    503: { description: "The destination could not be reached" },
  },
  params: ZBackupId,
  query: ZDownloadQuery,
  handler: async ({ req, params, query, actor }) => {
    const dl = await openBackupDownload({ backupId: params.backupId, format: query.format, actor, signal: req.signal });
    return new Response(Readable.toWeb(dl.stream) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        "content-type": "application/octet-stream",
        ...(dl.contentLength !== null ? { "content-length": String(dl.contentLength) } : {}),
        "content-disposition": contentDisposition(dl.fileName),
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
});
