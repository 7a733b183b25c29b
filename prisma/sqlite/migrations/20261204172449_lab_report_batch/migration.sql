-- AlterTable
ALTER TABLE "LabReport" ADD COLUMN "batch" TEXT;
ALTER TABLE "LabReport" ADD COLUMN "batchKey" TEXT;

-- CreateIndex
CREATE INDEX "LabReport_shop_batchKey_idx" ON "LabReport"("shop", "batchKey");

-- Backfill: reports extracted before this migration take their batch from the stored report.
UPDATE "LabReport"
SET "batch" = NULLIF(trim(json_extract("report", '$.sample.batch')), '')
WHERE "report" IS NOT NULL AND json_valid("report");
UPDATE "LabReport" SET "batchKey" = lower("batch") WHERE "batch" IS NOT NULL;
