#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded on Heady's machines.
# `prisma generate` only checks that this file exists (prisma.config.ts points
# PRISMA_SCHEMA_ENGINE_BINARY here); it never runs it. Anything that does run it
# (`prisma migrate …`, `prisma db …`, `prisma validate`) lands here instead.
cat >&2 <<'MSG'
Heady Lab Results: Prisma's native schema engine is not installed here (it is downloaded from
binaries.prisma.sh, which these machines cannot reach). Use the project's commands, which run
Prisma's WebAssembly schema engine through the driver adapters:

  npm run db:migrate            apply pending migrations (deploy)
  npm run db:migrate:create -- <name>   create a migration from prisma/models.prisma
  npm run db:migrate:check      fail if the schema has unmigrated changes
  npm run db:migrate:status     list applied and pending migrations

Where the native engine exists, unset PRISMA_SCHEMA_ENGINE_BINARY and `prisma migrate deploy`
accepts the same migrations. See docs/decisions/002-offline-migrations.md.
MSG
exit 1
