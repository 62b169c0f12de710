-- Tizim's database roles (issue 24; ASVS 1.2.2, 4.1.3, 7.3.3): none a superuser, each with what it
-- needs. Run by a superuser (or the database owner with CREATEROLE) with psql, connected to Tizim's
-- database, before the first migration; idempotent, so it is run again to change a password:
--
--   psql -v ON_ERROR_STOP=1 -d tizim -f deploy/postgres/roles.sql \
--     -v migrate_password=... -v api_password=... -v worker_password=... -v temporal_password=...
--
-- The roles:
--   tizim_owner            NOLOGIN; owns the schema's tables (the migrations create them as it).
--   tizim_migrate          LOGIN; the migrate command. Member of tizim_owner, its sessions act as it.
--   tizim_partition_owner  NOLOGIN; owns the three partitioned tables the worker adds partitions to
--                          at run time (voter_file_record, register_voter, register_status_fact):
--                          PostgreSQL lets only a table's owner create, attach or detach its
--                          partitions. The migrate command hands them over (scripts/migrate.ts).
--   tizim_api              LOGIN; SELECT/INSERT/UPDATE/DELETE on the tables (no DDL, no TRUNCATE),
--                          only SELECT and INSERT on audit_event.
--   tizim_worker           LOGIN; as tizim_api, plus CREATE in the schema and membership of
--                          tizim_partition_owner, for the voter and register imports' partitions.
--   temporal               LOGIN; owns Temporal's databases (temporal, temporal_visibility), and
--                          may not connect to Tizim's.
--
-- psql variables: the four passwords (required); suffix (appended to every role name, for tests
-- that share a cluster; empty by default); temporal_databases (on by default: create Temporal's
-- two databases, owned by its role, when missing).

\if :{?suffix}
\else
  \set suffix ''
\endif
\if :{?temporal_databases}
\else
  \set temporal_databases on
\endif
\set ON_ERROR_STOP on
SELECT :{?migrate_password} AND :{?api_password} AND :{?worker_password} AND :{?temporal_password} AS all_set \gset
\if :all_set
\else
  DO $$ BEGIN RAISE EXCEPTION 'roles.sql needs four passwords: -v migrate_password=... -v api_password=... -v worker_password=... -v temporal_password=...'; END $$;
\endif

SET client_min_messages = warning;

\set owner tizim_owner :suffix
\set partitions tizim_partition_owner :suffix
\set migrate tizim_migrate :suffix
\set api tizim_api :suffix
\set worker tizim_worker :suffix
\set temporal temporal :suffix

-- The roles, created when missing; their attributes and passwords set every run.
SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY[:'owner', :'partitions', :'migrate', :'api', :'worker', :'temporal']) AS r
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec
SELECT format('ALTER ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT', r)
  FROM unnest(ARRAY[:'owner', :'partitions']) AS r \gexec
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD %L', r, p)
  FROM (VALUES (:'migrate', :'migrate_password'), (:'api', :'api_password'), (:'worker', :'worker_password'),
               (:'temporal', :'temporal_password')) AS v(r, p) \gexec

-- The migration role acts as the owner, so what the migrations create is the owner's.
GRANT :"owner" TO :"migrate";
ALTER ROLE :"migrate" SET role = :'owner';
-- The owner may hand the partitioned tables to the partition owner and alter them later.
GRANT :"partitions" TO :"owner";
GRANT :"partitions" TO :"worker";
SELECT format('ALTER DATABASE %I SET tizim.partition_owner = %L', current_database(), :'partitions') \gexec

-- Tizim's database: only Tizim's login roles connect (Temporal's does not); temporary tables for
-- the reconciliation.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I, %I, %I', current_database(), :'migrate', :'api', :'worker') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM %I', current_database(), :'temporal') \gexec
-- The owner creates (the first migration's CREATE SCHEMA IF NOT EXISTS asks for it).
SELECT format('GRANT CREATE ON DATABASE %I TO %I', current_database(), :'owner') \gexec

-- The schema: the owner creates in it (the migrations), the worker its partitions; the API only uses it.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO :"owner";
GRANT USAGE, CREATE ON SCHEMA public TO :"worker";
-- (An owner of a table must be able to create in its schema.)
GRANT USAGE, CREATE ON SCHEMA public TO :"partitions";
GRANT USAGE ON SCHEMA public TO :"api";

-- Data, not structure, for the API and the worker: on the tables there are and on those later
-- migrations add (default privileges of the owner role). No TRUNCATE, REFERENCES or TRIGGER.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"api", :"worker";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO :"api", :"worker";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"api", :"worker";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"api", :"worker";

-- The audit trail is append-only for the application (the migrate command revokes the same on a
-- new database, after the migration that creates audit_event).
SELECT format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_event FROM %I, %I', :'api', :'worker')
  WHERE to_regclass('public.audit_event') IS NOT NULL \gexec

-- Temporal's databases, its own (auto-setup then runs with SKIP_DB_CREATE=true).
\if :temporal_databases
SELECT format('CREATE DATABASE %I OWNER %I', d, :'temporal') FROM unnest(ARRAY['temporal', 'temporal_visibility']) AS d
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = d) \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', d) FROM unnest(ARRAY['temporal', 'temporal_visibility']) AS d \gexec
SELECT format('GRANT ALL ON DATABASE %I TO %I', d, :'temporal') FROM unnest(ARRAY['temporal', 'temporal_visibility']) AS d \gexec
\endif
