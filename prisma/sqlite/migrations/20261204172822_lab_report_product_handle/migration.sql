-- AlterTable
ALTER TABLE "LabReport" ADD COLUMN "productHandle" TEXT;
