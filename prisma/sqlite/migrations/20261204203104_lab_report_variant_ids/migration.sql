-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LabReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "productId" TEXT,
    "productTitle" TEXT,
    "productHandle" TEXT,
    "variantIds" TEXT NOT NULL DEFAULT '[]',
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "pageCount" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "report" TEXT,
    "batch" TEXT,
    "batchKey" TEXT,
    "uncertainFields" TEXT NOT NULL DEFAULT '[]',
    "warnings" TEXT NOT NULL DEFAULT '[]',
    "queuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "extractStartedAt" DATETIME,
    "extractedAt" DATETIME,
    "writtenAt" DATETIME,
    "approvedAt" DATETIME,
    "publishedAt" DATETIME,
    "failedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LabReport_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_LabReport" ("approvedAt", "batch", "batchKey", "createdAt", "errorCode", "errorMessage", "extractStartedAt", "extractedAt", "failedAt", "fileName", "id", "pageCount", "productHandle", "productId", "productTitle", "publishedAt", "queuedAt", "report", "sha256", "shop", "sizeBytes", "status", "uncertainFields", "updatedAt", "warnings", "writtenAt") SELECT "approvedAt", "batch", "batchKey", "createdAt", "errorCode", "errorMessage", "extractStartedAt", "extractedAt", "failedAt", "fileName", "id", "pageCount", "productHandle", "productId", "productTitle", "publishedAt", "queuedAt", "report", "sha256", "shop", "sizeBytes", "status", "uncertainFields", "updatedAt", "warnings", "writtenAt" FROM "LabReport";
DROP TABLE "LabReport";
ALTER TABLE "new_LabReport" RENAME TO "LabReport";
CREATE INDEX "LabReport_shop_createdAt_idx" ON "LabReport"("shop", "createdAt");
CREATE INDEX "LabReport_shop_status_idx" ON "LabReport"("shop", "status");
CREATE INDEX "LabReport_shop_sha256_idx" ON "LabReport"("shop", "sha256");
CREATE INDEX "LabReport_shop_productId_idx" ON "LabReport"("shop", "productId");
CREATE INDEX "LabReport_shop_batchKey_idx" ON "LabReport"("shop", "batchKey");
CREATE UNIQUE INDEX "LabReport_shop_id_key" ON "LabReport"("shop", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
