-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "domain" TEXT NOT NULL,
    "plan" TEXT NOT NULL DEFAULT 'free',
    "brandVoice" TEXT NOT NULL DEFAULT '',
    "tone" TEXT NOT NULL DEFAULT 'friendly',
    "length" TEXT NOT NULL DEFAULT 'standard',
    "autoPublish" BOOLEAN NOT NULL DEFAULT false,
    "complianceRegion" TEXT NOT NULL DEFAULT 'US',
    "forbiddenPhrases" TEXT NOT NULL DEFAULT '[]',
    "staleAfterMonths" INTEGER NOT NULL DEFAULT 12,
    "staleWarnDays" INTEGER NOT NULL DEFAULT 30,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("autoPublish", "brandVoice", "complianceRegion", "createdAt", "domain", "forbiddenPhrases", "id", "installedAt", "length", "plan", "tone", "uninstalledAt", "updatedAt") SELECT "autoPublish", "brandVoice", "complianceRegion", "createdAt", "domain", "forbiddenPhrases", "id", "installedAt", "length", "plan", "tone", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
