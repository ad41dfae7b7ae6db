import { withRoute } from "@/server/http/route";
import { listBackups } from "@/server/services/storage/list-backups";
import { ZBackupsResponse } from "@/server/services/storage/storage.responses";
import { ZListBackupsQuery } from "@/server/services/storage/storage.schema";

export const dynamic = "force-dynamic";

// GET /api/v1/backups?destinationId&jobId&engine&database&verify&locked&sort&dir&page&pageSize (storage:read)
export const GET = withRoute({
  name: "backups.list",
  access: "storage:read",
  summary: "List backups (filter by destination, job, engine, database, verify state, lock)",
  query: ZListBackupsQuery,
  responses: { 200: { description: "One page of backups", schema: ZBackupsResponse } },
  handler: async ({ query }) => listBackups(query),
});
