#!/bin/sh
# Run by the postgres image once, when the data volume is first initialised (docker-entrypoint-initdb.d):
# Tizim's and Temporal's database roles and Temporal's databases (roles.sql, README "Database roles").
set -eu
psql -X -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v migrate_password="$TIZIM_DB_MIGRATE_PASSWORD" \
  -v api_password="$TIZIM_DB_API_PASSWORD" \
  -v worker_password="$TIZIM_DB_WORKER_PASSWORD" \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" \
  -f /etc/tizim/roles.sql
