-- AlterEnum
ALTER TYPE "TimelineEventKind" ADD VALUE 'alert';

-- AlterTable
ALTER TABLE "timeline_event" ADD COLUMN     "external_key" TEXT,
ADD COLUMN     "link" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "timeline_event_external_key_key" ON "timeline_event"("external_key");
