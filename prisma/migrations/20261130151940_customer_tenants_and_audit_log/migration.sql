-- CreateEnum
CREATE TYPE "TenantStatus" AS ENUM ('REGISTERED', 'INVITED', 'CONSENTED', 'CONNECTED', 'MISSING_PERMISSIONS', 'FAILED', 'REVOKED');

-- CreateEnum
CREATE TYPE "DataSource" AS ENUM ('MDE_ALERTS', 'XDR_INCIDENTS', 'GRAPH_SECURITY');

-- CreateEnum
CREATE TYPE "AuditResult" AS ENUM ('SUCCESS', 'FAILURE', 'REFUSED');

-- CreateTable
CREATE TABLE "customer_tenant" (
    "id" UUID NOT NULL,
    "entra_tenant_id" UUID NOT NULL,
    "display_name" TEXT NOT NULL,
    "domain" TEXT,
    "admin_emails" TEXT[],
    "notes" TEXT NOT NULL DEFAULT '',
    "data_sources" "DataSource"[],
    "status" "TenantStatus" NOT NULL DEFAULT 'REGISTERED',
    "last_verified_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "customer_tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "actor_name" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "tenant_id" UUID,
    "tenant_name" TEXT,
    "result" "AuditResult" NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "correlation_id" UUID NOT NULL,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "customer_tenant_entra_tenant_id_key" ON "customer_tenant"("entra_tenant_id");

-- CreateIndex
CREATE INDEX "customer_tenant_status_display_name_idx" ON "customer_tenant"("status", "display_name");

-- CreateIndex
CREATE INDEX "customer_tenant_display_name_idx" ON "customer_tenant"("display_name");

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at" DESC);

-- CreateIndex
CREATE INDEX "audit_event_tenant_id_at_idx" ON "audit_event"("tenant_id", "at" DESC);

-- AddForeignKey
ALTER TABLE "customer_tenant" ADD CONSTRAINT "customer_tenant_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The audit log is append-only, enforced by the database itself: whatever code or person holds
-- Canopy's connection, history cannot be rewritten or erased (TRUNCATE included).
CREATE FUNCTION "audit_event_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_event_no_update_or_delete" BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_is_append_only"();

CREATE TRIGGER "audit_event_no_truncate" BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_is_append_only"();
