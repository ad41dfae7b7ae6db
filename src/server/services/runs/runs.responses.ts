/** What the REST API answers when it starts a backup (see ../common.responses.ts). */
import { z } from "zod";
import { ZExecution } from "../executions/executions.responses";

export { ZExecutionStarted } from "../common.responses";

/** `?wait=true` and the run ended in time: its final state (check `execution.status`). */
export const ZRunEnded = z.strictObject({ executionId: z.string(), execution: ZExecution });
