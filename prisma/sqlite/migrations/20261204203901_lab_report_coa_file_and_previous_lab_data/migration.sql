-- AlterTable
ALTER TABLE "LabReport" ADD COLUMN "coaFileId" TEXT;
ALTER TABLE "LabReport" ADD COLUMN "previousLabData" TEXT;
