/**
 * The set-up the notification test files share: a recording HTTP receiver and an SMTP capture for the
 * whole file, fast delivery retries, and before each test no deliveries, jobs or adapter configs left.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { createAdapterConfig } from "@/server/services/adapters/create-adapter-config";
import { configureDelivery } from "@/server/services/notifications/delivery-options";
import { resetEngineDb, unique } from "../engine/fixtures";
import { type RecordingServer, type SmtpCapture, startRecordingServer, startSmtpCapture } from "./notification-servers";

export type NotificationReceivers = {
  /** Started in beforeAll. */
  web: RecordingServer;
  /** Started in beforeAll. */
  smtp: SmtpCapture;
  /** A scratch directory, removed after the file. */
  tmp: string;
};

/** Registers the file's hooks; an HTTP or SMTP delivery attempt gives up after `deliveryTimeoutMs`. */
export const notificationReceiversForFile = (deliveryTimeoutMs: number): NotificationReceivers => {
  const rx = { tmp: fs.mkdtempSync(path.join(os.tmpdir(), "bunker-notify-")) } as NotificationReceivers;

  beforeAll(async () => {
    rx.web = await startRecordingServer();
    rx.smtp = await startSmtpCapture();
    configureDelivery({ backoffBaseMs: 30, backoffFactor: 2, httpTimeoutMs: deliveryTimeoutMs, smtpTimeoutMs: deliveryTimeoutMs });
  });

  afterAll(async () => {
    await rx.web.close();
    await rx.smtp.close();
    fs.rmSync(rx.tmp, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await db.notificationLog.deleteMany();
    // Earlier files may leave jobs using notifiers (JobNotifier restricts deleting them): clear it all.
    await resetEngineDb();
    rx.web.requests.length = 0;
    rx.web.script([]);
  });

  return rx;
};

export const makeNotifier = (adapterId: string, config: Record<string, unknown>, name = `${adapterId}-${unique()}`) =>
  createAdapterConfig({ kind: "notifier", data: { adapterId, name, config }, actor: SYSTEM_ACTOR });
