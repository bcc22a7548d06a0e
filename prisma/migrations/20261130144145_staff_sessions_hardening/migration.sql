/*
  Warnings:

  - You are about to drop the column `last_sign_in_at` on the `staff_user` table. All the data in the column will be lost.
  - You are about to drop the column `role` on the `staff_user` table. All the data in the column will be lost.
  - You are about to drop the column `tenant_id` on the `staff_user` table. All the data in the column will be lost.

*/
-- AlterTable
ALTER TABLE "staff_session" ADD COLUMN     "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "staff_user" DROP COLUMN "last_sign_in_at",
DROP COLUMN "role",
DROP COLUMN "tenant_id",
ADD COLUMN     "identity_provider" TEXT,
ADD COLUMN     "is_guest" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "staff_session_expires_at_idx" ON "staff_session"("expires_at");
