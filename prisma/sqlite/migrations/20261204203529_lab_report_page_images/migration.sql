-- CreateTable
CREATE TABLE "LabReportPageImage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "labReportId" TEXT NOT NULL,
    "page" INTEGER NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "png" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LabReportPageImage_shop_labReportId_fkey" FOREIGN KEY ("shop", "labReportId") REFERENCES "LabReport" ("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "LabReportPageImage_shop_labReportId_page_key" ON "LabReportPageImage"("shop", "labReportId", "page");
