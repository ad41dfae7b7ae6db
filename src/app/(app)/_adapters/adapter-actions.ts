/**
 * The server actions of the Sources, Destinations and Notifications pages, made once for each kind. The routes'
 * actions.ts files ("use server") export these; the access check differs only in the permission.
 */
import { revalidatePath } from "next/cache";
import { defineAction } from "@/server/http/action";
import { type AdapterKind, areaOf } from "@/server/services/adapters/adapter-kinds";
import { ZAdapterId, ZCreateAdapter, ZTestAdapter, ZUpdateAdapter } from "@/server/services/adapters/adapters.schema";
import { checkAdapterHealth } from "@/server/services/adapters/check-adapter-health";
import { cloneAdapterConfig } from "@/server/services/adapters/clone-adapter-config";
import { createAdapterConfig } from "@/server/services/adapters/create-adapter-config";
import { deleteAdapterConfig } from "@/server/services/adapters/delete-adapter-config";
import { testAdapterConnection } from "@/server/services/adapters/test-adapter-connection";
import { updateAdapterConfig } from "@/server/services/adapters/update-adapter-config";

export const adapterActions = (kind: AdapterKind) => {
  const area = areaOf(kind);
  const write = `${area}:write` as const;
  const done = () => revalidatePath(`/${area}`, "layout");
  return {
    create: defineAction({
      name: `${area}.create`,
      access: write,
      schema: ZCreateAdapter,
      handler: async (data, { actor }) => {
        const dto = await createAdapterConfig({ kind, data, actor });
        // First health check right away: the list shows a real status, and an SFTP host key gets pinned.
        if (kind !== "notifier") await checkAdapterHealth({ id: dto.id });
        done();
        return { id: dto.id };
      },
    }),
    update: defineAction({
      name: `${area}.update`,
      access: write,
      schema: ZUpdateAdapter,
      handler: async (data, { actor }) => {
        const dto = await updateAdapterConfig({ kind, data, actor });
        if (kind !== "notifier") await checkAdapterHealth({ id: dto.id });
        done();
        return { id: dto.id };
      },
    }),
    // Notifiers: *Send test* (a sample message), which readers of the page may also use on saved ones.
    test: defineAction({ name: `${area}.test`, access: write, schema: ZTestAdapter, handler: async (data) => testAdapterConnection({ kind, data }) }),
    check: defineAction({
      name: `${area}.check`,
      access: `${area}:read` as const,
      schema: ZAdapterId,
      handler: async ({ id }) => {
        const outcome = await checkAdapterHealth({ id });
        done();
        return { status: outcome.status, error: outcome.result.ok ? null : outcome.result.error };
      },
    }),
    clone: defineAction({
      name: `${area}.clone`,
      access: write,
      schema: ZAdapterId,
      handler: async ({ id }, { actor }) => {
        const dto = await cloneAdapterConfig({ kind, id, actor });
        done();
        return { id: dto.id };
      },
    }),
    remove: defineAction({
      name: `${area}.delete`,
      access: write,
      schema: ZAdapterId,
      handler: async ({ id }, { actor }) => {
        await deleteAdapterConfig({ kind, id, actor });
        done();
        return { id };
      },
    }),
  };
};

export type AdapterActions = ReturnType<typeof adapterActions>;
