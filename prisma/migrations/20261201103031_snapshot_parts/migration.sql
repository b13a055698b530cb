-- Snapshots are stored as a compressed manifest plus content-addressed parts shared between
-- snapshots. Rows stored before keep their jsonb "bundle" (now nullable) and are converted at
-- start-up in TypeScript (lib/evidence/convert-legacy-snapshots.ts: SQL has no gzip), each in
-- a transaction of its own, so no stored snapshot is lost on the way.

-- AlterTable
ALTER TABLE "snapshot" ADD COLUMN     "manifest" BYTEA,
ALTER COLUMN "bundle" DROP NOT NULL;

-- CreateTable
CREATE TABLE "snapshot_part" (
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "raw_bytes" INTEGER NOT NULL,
    "stored_bytes" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "snapshot_part_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "snapshot_part_ref" (
    "snapshot_id" UUID NOT NULL,
    "part_sha256" TEXT NOT NULL,

    CONSTRAINT "snapshot_part_ref_pkey" PRIMARY KEY ("snapshot_id","part_sha256")
);

-- CreateIndex
CREATE INDEX "snapshot_part_ref_part_sha256_idx" ON "snapshot_part_ref"("part_sha256");

-- AddForeignKey
ALTER TABLE "snapshot_part_ref" ADD CONSTRAINT "snapshot_part_ref_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "snapshot_part_ref" ADD CONSTRAINT "snapshot_part_ref_part_sha256_fkey" FOREIGN KEY ("part_sha256") REFERENCES "snapshot_part"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE;
