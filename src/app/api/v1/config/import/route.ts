/** Imports a configuration export (dry run by default): what would be created, kept or skipped. */
import { authorize } from "@/server/http/guard";
import { withRoute } from "@/server/http/route";
import { ZImportSummary } from "@/server/services/config-transfer/config-transfer.responses";
import { ZImportRequest } from "@/server/services/config-transfer/config-transfer.schema";
import { importConfig } from "@/server/services/config-transfer/import-config";

export const dynamic = "force-dynamic";

// POST /api/v1/config/import { file: base64, passphrase?, dryRun = true, enableJobs = false }
//   (settings:write and vault:write: it creates profiles, sources and jobs); audited as config.import
export const POST = withRoute({
  name: "config.import",
  access: "settings:write",
  summary: "Import a configuration export",
  body: ZImportRequest,
  responses: { 200: { description: "What was (or, in a dry run, would be) created, kept or skipped", schema: ZImportSummary } },
  handler: async ({ body, caller, actor }) => {
    authorize(caller, "vault:write");
    const summary = await importConfig({ file: Buffer.from(body.file, "base64"), passphrase: body.passphrase, dryRun: body.dryRun, enableJobs: body.enableJobs, actor });
    return Response.json(summary, { status: 200 });
  },
});
