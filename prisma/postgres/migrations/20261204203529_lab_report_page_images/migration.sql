-- CreateTable
CREATE TABLE "LabReportPageImage" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "labReportId" TEXT NOT NULL,
    "page" INTEGER NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "png" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabReportPageImage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LabReportPageImage_shop_labReportId_page_key" ON "LabReportPageImage"("shop", "labReportId", "page");

-- AddForeignKey
ALTER TABLE "LabReportPageImage" ADD CONSTRAINT "LabReportPageImage_shop_labReportId_fkey" FOREIGN KEY ("shop", "labReportId") REFERENCES "LabReport"("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE;
