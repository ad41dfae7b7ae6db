/**
 * Every route module under /api/v1, for the OpenAPI document. Listed by hand because a bundle cannot
 * walk the folder at run time; tests/integration/openapi.test.ts fails when a route.ts is missing here.
 */
import type { RouteModule } from "@/server/http/openapi/build-document";
import * as r0 from "../backups/[backupId]/download/route";
import * as r1 from "../backups/[backupId]/lock/route";
import * as r2 from "../backups/[backupId]/restore/route";
import * as r3 from "../backups/[backupId]/verify/route";
import * as r4 from "../backups/route";
import * as r5 from "../config/export/route";
import * as r6 from "../config/import/route";
import * as r7 from "../destinations/[destinationId]/test/route";
import * as r8 from "../destinations/route";
import * as r9 from "../executions/[executionId]/cancel/route";
import * as r10 from "../executions/[executionId]/events/route";
import * as r11 from "../executions/[executionId]/logs/route";
import * as r12 from "../executions/[executionId]/route";
import * as r13 from "../executions/events/route";
import * as r14 from "../executions/route";
import * as r15 from "../health/route";
import * as r16 from "../jobs/[jobId]/drill/route";
import * as r17 from "../jobs/[jobId]/route";
import * as r18 from "../jobs/[jobId]/run/route";
import * as r19 from "../jobs/route";
import * as r20 from "../profile/image/route";
import * as rRestoreCancel from "../restores/[executionId]/cancel/route";
import * as r21 from "../restores/preflight/route";
import * as r22 from "../sources/[sourceId]/test/route";
import * as r23 from "../sources/route";
import * as r24 from "../users/route";
import * as r25 from "../vault/[profileId]/recovery-kit/route";

export const API_V1_ROUTES: RouteModule[] = [
  { path: "/api/v1/backups/{backupId}/download", module: r0 },
  { path: "/api/v1/backups/{backupId}/lock", module: r1 },
  { path: "/api/v1/backups/{backupId}/restore", module: r2 },
  { path: "/api/v1/backups/{backupId}/verify", module: r3 },
  { path: "/api/v1/backups", module: r4 },
  { path: "/api/v1/config/export", module: r5 },
  { path: "/api/v1/config/import", module: r6 },
  { path: "/api/v1/destinations/{destinationId}/test", module: r7 },
  { path: "/api/v1/destinations", module: r8 },
  { path: "/api/v1/executions/{executionId}/cancel", module: r9 },
  { path: "/api/v1/executions/{executionId}/events", module: r10 },
  { path: "/api/v1/executions/{executionId}/logs", module: r11 },
  { path: "/api/v1/executions/{executionId}", module: r12 },
  { path: "/api/v1/executions/events", module: r13 },
  { path: "/api/v1/executions", module: r14 },
  { path: "/api/v1/health", module: r15 },
  { path: "/api/v1/jobs/{jobId}/drill", module: r16 },
  { path: "/api/v1/jobs/{jobId}", module: r17 },
  { path: "/api/v1/jobs/{jobId}/run", module: r18 },
  { path: "/api/v1/jobs", module: r19 },
  { path: "/api/v1/profile/image", module: r20 },
  { path: "/api/v1/restores/{executionId}/cancel", module: rRestoreCancel },
  { path: "/api/v1/restores/preflight", module: r21 },
  { path: "/api/v1/sources/{sourceId}/test", module: r22 },
  { path: "/api/v1/sources", module: r23 },
  { path: "/api/v1/users", module: r24 },
  { path: "/api/v1/vault/{profileId}/recovery-kit", module: r25 },
];
