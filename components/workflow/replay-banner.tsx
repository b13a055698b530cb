import { Time } from "@/components/ui/time";
import { recordingOf } from "@/lib/sources/recording/readers";
import type { WorkflowConfig } from "@/lib/config/schema";
import type { TimeZoneChoice } from "@/lib/view/time-zone";

/**
 * Says plainly that what follows is a recording, not the live system: its time, what it holds,
 * and that the window is the recording's whatever the link asks for (the toolbar shows no picker).
 */
export function ReplayBanner({ workflow, zone }: { workflow: WorkflowConfig; zone: TimeZoneChoice }) {
  let replay: ReturnType<typeof recordingOf>;
  try {
    replay = recordingOf(workflow);
  } catch (error) {
    // The panels below report the same failure as unknown; this names the file.
    return (
      <p role="alert" className="rounded-lg border border-status-critical/40 bg-status-critical/10 p-3 text-sm">
        This workflow replays {workflow.replay?.bundle}, which cannot be read:{" "}
        {error instanceof Error ? error.message : String(error)}
      </p>
    );
  }
  const { fromMs, toMs } = replay.entry.signals.window;
  return (
    <p
      data-testid="replay-banner"
      className="rounded-lg border border-sky-300 bg-sky-50 p-3 text-sm dark:border-sky-800 dark:bg-sky-950"
    >
      <strong>Recording</strong>
      {replay.bundle.label ? `: ${replay.bundle.label}` : null}. Captured{" "}
      <Time ms={Date.parse(replay.bundle.capturedAt)} zone={zone} />; it shows <Time ms={fromMs} zone={zone} /> to{" "}
      <Time ms={toMs} zone={zone} />, whatever window a link asks for, and nothing live is contacted.
    </p>
  );
}
