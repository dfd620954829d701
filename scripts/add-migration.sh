#!/usr/bin/env bash
# Adds one EF Core migration, with the same name, for both providers (SQLite and PostgreSQL).
# Usage: scripts/add-migration.sh <Name>
# Migrations are generated, never edited by hand. The test ModelHasNoPendingChanges fails when a
# model change has no migration for either provider.
set -euo pipefail
name="${1:?usage: scripts/add-migration.sh <MigrationName>}"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  echo "== $provider"
  dotnet ef migrations add "$name" \
    --project "src/Quadrant.Migrations.$provider" \
    --startup-project "src/Quadrant.Migrations.$provider" \
    --output-dir Migrations
done
