-- Payloads (the wire item with its evidence, about 2.7 KB) are stored out of line without
-- compression: pglz compression was a fifth of PostgreSQL's CPU per synced alert (measured with
-- scripts/bench/sync-alerts.ts), for about 1.3 KB per alert of disk saved. Ingest CPU is what limits
-- a first sync; disk is cheap. Prisma's schema cannot say this, so it lives here only.
ALTER TABLE "alert" ALTER COLUMN "payload" SET STORAGE EXTERNAL;
ALTER TABLE "incident" ALTER COLUMN "payload" SET STORAGE EXTERNAL;
