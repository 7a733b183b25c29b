-- AlterTable
ALTER TABLE "LabReport" ADD COLUMN     "variantIds" TEXT NOT NULL DEFAULT '[]';
