-- AlterTable
ALTER TABLE "LabReport" ADD COLUMN     "coaFileId" TEXT,
ADD COLUMN     "previousLabData" TEXT;
