-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Group" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "permissions" TEXT NOT NULL DEFAULT '[]',
    "isSuperAdmin" BOOLEAN NOT NULL DEFAULT false,
    "isSystem" BOOLEAN NOT NULL DEFAULT false,
    "requireTwoFactor" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Group" ("createdAt", "description", "id", "isSuperAdmin", "isSystem", "name", "permissions", "updatedAt") SELECT "createdAt", "description", "id", "isSuperAdmin", "isSystem", "name", "permissions", "updatedAt" FROM "Group";
DROP TABLE "Group";
ALTER TABLE "new_Group" RENAME TO "Group";
CREATE UNIQUE INDEX "Group_name_key" ON "Group"("name");
CREATE TABLE "new_ssoProvider" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "issuer" TEXT NOT NULL,
    "oidcConfig" TEXT,
    "samlConfig" TEXT,
    "userId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "organizationId" TEXT,
    "domain" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "preset" TEXT NOT NULL DEFAULT 'generic',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "allowProvisioning" BOOLEAN NOT NULL DEFAULT false,
    "defaultGroupId" TEXT,
    "groupClaim" TEXT,
    "groupMapping" TEXT NOT NULL DEFAULT '{}',
    "trusted" BOOLEAN NOT NULL DEFAULT false,
    "autoRedirect" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ssoProvider_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ssoProvider" ("domain", "id", "issuer", "oidcConfig", "organizationId", "providerId", "samlConfig", "userId") SELECT "domain", "id", "issuer", "oidcConfig", "organizationId", "providerId", "samlConfig", "userId" FROM "ssoProvider";
DROP TABLE "ssoProvider";
ALTER TABLE "new_ssoProvider" RENAME TO "ssoProvider";
CREATE UNIQUE INDEX "ssoProvider_providerId_key" ON "ssoProvider"("providerId");
CREATE TABLE "new_user" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "twoFactorEnabled" BOOLEAN DEFAULT false,
    "role" TEXT,
    "banned" BOOLEAN DEFAULT false,
    "banReason" TEXT,
    "banExpires" DATETIME,
    "groupId" TEXT,
    "lastLoginAt" DATETIME,
    "failedLoginCount" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "timezone" TEXT,
    "dateFormat" TEXT,
    "theme" TEXT,
    CONSTRAINT "user_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_user" ("banExpires", "banReason", "banned", "createdAt", "email", "emailVerified", "groupId", "id", "image", "lastLoginAt", "name", "role", "twoFactorEnabled", "updatedAt") SELECT "banExpires", "banReason", "banned", "createdAt", "email", "emailVerified", "groupId", "id", "image", "lastLoginAt", "name", "role", "twoFactorEnabled", "updatedAt" FROM "user";
DROP TABLE "user";
ALTER TABLE "new_user" RENAME TO "user";
CREATE INDEX "user_groupId_idx" ON "user"("groupId");
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
