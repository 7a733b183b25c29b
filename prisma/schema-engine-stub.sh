#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded on Heady's machines.
# `prisma generate` only checks that this file exists (prisma.config.ts points
# PRISMA_SCHEMA_ENGINE_BINARY here); it never runs it. Anything that does run it
# (`prisma migrate …`, `prisma db …`) lands here instead.
#
# The Prisma CLI reads the engine's stderr as one line of text followed by JSON log lines, so the
# explanation goes out as a JSON log line (shown by the CLI as "Schema engine error: …") after a
# plain first line (shown when the stub is run by hand).
message="Prisma's native schema engine is not installed here (it downloads from binaries.prisma.sh, which these machines cannot reach). Use the project's commands, which run Prisma's WebAssembly schema engine: npm run db:migrate (apply), npm run db:migrate:create -- <name>, npm run db:migrate:check, npm run db:migrate:status. See docs/decisions/002-offline-migrations.md. Where the native engine exists, set PRISMA_SCHEMA_ENGINE_BINARY to it and prisma migrate deploy accepts the same migrations."
printf 'Heady Lab Results: %s\n' "$message" >&2
printf '{"level":"ERROR","target":"heady::schema_engine_stub","fields":{"message":"%s"}}\n' "$message" >&2
exit 1
