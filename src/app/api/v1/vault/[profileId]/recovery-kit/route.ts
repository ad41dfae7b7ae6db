/** The recovery kit of one encryption profile: a tar with its secret key and restore instructions. */
import { z } from "zod";
import { withRoute } from "@/server/http/route";
import { exportRecoveryKit } from "@/server/services/vault/export-recovery-kit";

// GET /api/v1/vault/:profileId/recovery-kit - download the kit (vault:write; audited as vault.export)
export const GET = withRoute({
  name: "vault.recovery-kit",
  access: "vault:write",
  summary: "Download an encryption profile's recovery kit",
  params: z.object({ profileId: z.string().min(1).max(100) }),
  responses: {
    200: { description: "The recovery kit: a tar with the profile's age identity and restore instructions (a secret: store it offline)", contentType: "application/x-tar" },
    412: { description: "The profile's key cannot be opened with this instance's ENCRYPTION_KEY" },
  },
  handler: async ({ params, actor }) => {
    const kit = await exportRecoveryKit({ profileId: params.profileId, actor });
    return new Response(new Uint8Array(kit.bytes), {
      status: 200,
      headers: {
        "content-type": kit.contentType,
        "content-length": String(kit.bytes.length),
        "content-disposition": `attachment; filename="${kit.fileName}"`,
        // A secret: never kept by the browser or a proxy.
        "cache-control": "no-store, max-age=0",
        pragma: "no-cache",
        "x-content-type-options": "nosniff",
      },
    });
  },
});
