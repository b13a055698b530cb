// GET /api/metrics – this app's own metrics (upstream requests, errors by kind, durations per
// source) in the Prometheus text exposition format, for scraping.
import { PROMETHEUS_TEXT_CONTENT_TYPE, appMetrics } from "@/lib/telemetry/metrics";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  return new Response(await appMetrics.metrics(), {
    headers: { "content-type": PROMETHEUS_TEXT_CONTENT_TYPE, "cache-control": "no-store" },
  });
}
