-- CreateEnum
CREATE TYPE "ConsentOutcome" AS ENUM ('ACCEPTED', 'DECLINED', 'FAILED', 'REJECTED');

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('ACCEPTED', 'FAILED', 'OUTBOX');

-- AlterEnum
ALTER TYPE "TenantStatus" ADD VALUE 'DECLINED';

-- AlterTable
ALTER TABLE "customer_tenant" ADD COLUMN     "last_error" JSONB,
ADD COLUMN     "permissions" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "revoked_at" TIMESTAMP(3),
ADD COLUMN     "status_changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "verify_until" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "invitation" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "revoked_at" TIMESTAMP(3),
    "first_opened_at" TIMESTAMP(3),
    "last_opened_at" TIMESTAMP(3),

    CONSTRAINT "invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_request" (
    "id" UUID NOT NULL,
    "invitation_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "state_hash" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "superseded_at" TIMESTAMP(3),
    "consumed_at" TIMESTAMP(3),
    "callback_fingerprint" TEXT,
    "outcome" "ConsentOutcome",
    "error_code" INTEGER,

    CONSTRAINT "consent_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_event" (
    "id" BIGSERIAL NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "consent_request_id" UUID,
    "tenant_id" UUID,
    "params" JSONB NOT NULL,
    "disposition" TEXT NOT NULL,
    "error_code" INTEGER,

    CONSTRAINT "consent_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_message" (
    "id" UUID NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID,
    "tenant_id" UUID,
    "invitation_id" UUID,
    "to" TEXT[],
    "subject" TEXT NOT NULL,
    "sealed_body" TEXT,
    "status" "EmailStatus" NOT NULL,
    "server_response" TEXT,

    CONSTRAINT "email_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "partner_credential_health" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "error_code" INTEGER,
    "failing_since" TIMESTAMP(3),
    "checked_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "partner_credential_health_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "invitation_token_hash_key" ON "invitation"("token_hash");

-- CreateIndex
CREATE INDEX "invitation_tenant_id_created_at_idx" ON "invitation"("tenant_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "consent_request_state_hash_key" ON "consent_request"("state_hash");

-- CreateIndex
CREATE INDEX "consent_request_invitation_id_idx" ON "consent_request"("invitation_id");

-- CreateIndex
CREATE INDEX "consent_event_tenant_id_received_at_idx" ON "consent_event"("tenant_id", "received_at" DESC);

-- CreateIndex
CREATE INDEX "email_message_created_at_idx" ON "email_message"("created_at" DESC);

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "customer_tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_request" ADD CONSTRAINT "consent_request_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "invitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_request" ADD CONSTRAINT "consent_request_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "customer_tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "customer_tenant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "invitation"("id") ON DELETE SET NULL ON UPDATE CASCADE;
