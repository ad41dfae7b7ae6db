-- CreateIndex
CREATE INDEX "Backup_createdAt_idx" ON "Backup"("createdAt");

-- CreateIndex
CREATE INDEX "Execution_type_status_createdAt_idx" ON "Execution"("type", "status", "createdAt");
