-- AlterTable
ALTER TABLE "Shop" ALTER COLUMN "length" SET DEFAULT 'standard';

-- The writer calls the middle length "standard", and rows saved as "medium" mean the same.
UPDATE "Shop" SET "length" = 'standard' WHERE "length" = 'medium';
