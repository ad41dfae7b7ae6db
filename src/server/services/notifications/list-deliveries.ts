/** The delivery log: newest first, each with its attempts and the rendered payload for the preview. */
import type { DeliveryPreview } from "@/adapters/notifiers/types";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import { decodePayload } from "./delivery-payload";
import type { TDeliveryFilter } from "./notifications.schema";

export const DELIVERY_PAGE_SIZE = 50;

export type DeliveryAttemptDto = { attempt: number; status: string; responseCode: number | null; error: string | null; durationMs: number; startedAt: string };

export type DeliveryDto = {
  id: string;
  notifierId: string | null;
  notifierName: string;
  adapterId: string | null;
  event: string;
  title: string | null;
  status: string;
  attempts: number;
  responseCode: number | null;
  error: string | null;
  executionId: string | null;
  jobId: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  sentAt: string | null;
  attemptLog: DeliveryAttemptDto[];
  preview: DeliveryPreview | null;
};

export const listDeliveries = async (filter: TDeliveryFilter): Promise<{ rows: DeliveryDto[]; total: number; page: number; pages: number }> => {
  const where: Prisma.NotificationLogWhereInput = {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.event ? { event: filter.event } : {}),
    ...(filter.notifierId ? { notifierId: filter.notifierId } : {}),
  };
  const [total, rows] = await Promise.all([
    db.notificationLog.count({ where }),
    db.notificationLog.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (filter.page - 1) * DELIVERY_PAGE_SIZE,
      take: DELIVERY_PAGE_SIZE,
      include: { attemptLog: { orderBy: { attempt: "asc" } }, notifier: { select: { name: true } } },
    }),
  ]);
  return {
    total,
    page: filter.page,
    pages: Math.max(1, Math.ceil(total / DELIVERY_PAGE_SIZE)),
    rows: rows.map((r) => ({
      id: r.id,
      notifierId: r.notifierId,
      notifierName: r.notifier?.name ?? r.notifierName ?? "(deleted)",
      adapterId: r.adapterId,
      event: r.event,
      title: r.title,
      status: r.status,
      attempts: r.attempts,
      responseCode: r.responseCode,
      error: r.error,
      executionId: r.executionId,
      jobId: r.jobId,
      nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
      attemptLog: r.attemptLog.map((a) => ({ attempt: a.attempt, status: a.status, responseCode: a.responseCode, error: a.error, durationMs: a.durationMs, startedAt: a.startedAt.toISOString() })),
      preview: decodePayload(r.payload)?.preview ?? null,
    })),
  };
};
