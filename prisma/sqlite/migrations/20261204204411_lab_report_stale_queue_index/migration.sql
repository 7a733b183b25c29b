-- CreateIndex
CREATE INDEX "LabReport_status_queuedAt_idx" ON "LabReport"("status", "queuedAt");
