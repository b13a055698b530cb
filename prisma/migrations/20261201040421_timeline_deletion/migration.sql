-- AlterEnum
ALTER TYPE "TimelineEventKind" ADD VALUE 'deletion';
