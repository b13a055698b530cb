-- AlterTable
ALTER TABLE "timeline_event" ADD COLUMN     "evidence_ref" TEXT;
