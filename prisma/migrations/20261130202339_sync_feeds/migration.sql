-- CreateEnum
CREATE TYPE "SyncFeed" AS ENUM ('MDE_ALERTS', 'XDR_INCIDENTS', 'GRAPH_ALERTS', 'GRAPH_INCIDENTS');

-- AlterTable: each existing row keeps its state under the feed its data source had. Only MDE
-- alerts were synced before; a Graph row (none expected) would be its alerts feed.
ALTER TABLE "tenant_source_sync"
  ALTER COLUMN "source" TYPE "SyncFeed" USING (
    CASE "source"::text WHEN 'GRAPH_SECURITY' THEN 'GRAPH_ALERTS' ELSE "source"::text END
  )::"SyncFeed";
