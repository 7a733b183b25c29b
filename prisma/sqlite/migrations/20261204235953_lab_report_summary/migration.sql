-- AlterTable
ALTER TABLE "LabReport" ADD COLUMN "summary" TEXT;
