-- AlterTable
ALTER TABLE "NotificationLog" ADD COLUMN "adapterId" TEXT;
ALTER TABLE "NotificationLog" ADD COLUMN "dedupeKey" TEXT;
ALTER TABLE "NotificationLog" ADD COLUMN "jobId" TEXT;
ALTER TABLE "NotificationLog" ADD COLUMN "notifierName" TEXT;
ALTER TABLE "NotificationLog" ADD COLUMN "title" TEXT;

-- CreateTable
CREATE TABLE "NotificationAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "logId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "responseCode" INTEGER,
    "error" TEXT,
    "durationMs" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "NotificationAttempt_logId_fkey" FOREIGN KEY ("logId") REFERENCES "NotificationLog" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "NotificationAttempt_logId_attempt_idx" ON "NotificationAttempt"("logId", "attempt");

-- CreateIndex
CREATE INDEX "NotificationLog_dedupeKey_idx" ON "NotificationLog"("dedupeKey");
