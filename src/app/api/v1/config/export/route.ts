/** The configuration export: plain JSON without secrets, or an age file (passphrase) with them. */
import { authorize } from "@/server/http/guard";
import { withRoute } from "@/server/http/route";
import { ZConfigExport } from "@/server/services/config-transfer/config-transfer.responses";
import { ZExportRequest } from "@/server/services/config-transfer/config-transfer.schema";
import { exportConfig } from "@/server/services/config-transfer/export-config";

export const dynamic = "force-dynamic";

// POST /api/v1/config/export { passphrase? } (settings:write; with a passphrase, secrets included: also vault:write)
//   audited as config.export
export const POST = withRoute({
  name: "config.export",
  access: "settings:write",
  summary: "Export the configuration",
  body: ZExportRequest,
  responses: {
    200: {
      description: "The export file (attachment): plain JSON without secrets, or with a passphrase an age-encrypted file (application/octet-stream) of the same JSON with them",
      contentType: ["application/json", "application/octet-stream"],
      schema: ZConfigExport,
    },
  },
  handler: async ({ body, caller, actor }) => {
    if (body.passphrase !== null) authorize(caller, "vault:write");
    const file = await exportConfig({ passphrase: body.passphrase, actor });
    return new Response(new Uint8Array(file.bytes), {
      status: 200,
      headers: {
        "content-type": file.contentType,
        "content-length": String(file.bytes.length),
        "content-disposition": `attachment; filename="${file.fileName}"`,
        "cache-control": "no-store, max-age=0",
        pragma: "no-cache",
        "x-content-type-options": "nosniff",
      },
    });
  },
});
