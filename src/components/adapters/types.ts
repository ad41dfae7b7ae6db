import type { ActionResult } from "@/server/http/action";
import type { ConnectionTest } from "@/adapters/types";
import type { FieldDescriptor } from "@/server/services/adapters/config-fields";

export type { FieldDescriptor };

export type AdapterKindView = "source" | "destination" | "notifier";

export type AdapterRowView = {
  id: string;
  name: string;
  adapterId: string;
  typeLabel: string;
  summary: string;
  healthStatus: string;
  lastHealthCheck: string | null;
  lastError: string | null;
  serverVersion: string | null;
  usedBy: string[];
  history: { status: string; latencyMs: number | null; error: string | null; checkedAt: string }[];
};

type IdInput = { id: string };
export type ConfigInput = { adapterId: string; name: string; config: Record<string, unknown> };
export type UpdateInput = { id: string; name: string; config: Record<string, unknown>; clearSecrets?: string[] };
export type TestInput = { id?: string; name?: string; adapterId: string; config: Record<string, unknown>; clearSecrets?: string[] };

export type RowActions = {
  check: (i: IdInput) => Promise<ActionResult<{ status: string; error: string | null }>>;
  clone: (i: IdInput) => Promise<ActionResult<{ id: string }>>;
  remove: (i: IdInput) => Promise<ActionResult<{ id: string }>>;
};

export type FormActions = {
  create: (i: ConfigInput) => Promise<ActionResult<{ id: string }>>;
  update: (i: UpdateInput) => Promise<ActionResult<{ id: string }>>;
  test: (i: TestInput) => Promise<ActionResult<ConnectionTest>>;
};
