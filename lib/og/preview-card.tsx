import { ImageResponse } from "next/og";

// The link preview (OpenGraph / Twitter card) pasted links unfurl into in Slack or Teams:
// what, its verdict, the key numbers and the window, readable at thumbnail size. Satori
// renders flexbox only; no emoji (they would be fetched from a CDN).

export const PREVIEW_SIZE = { width: 1200, height: 630 };

const VERDICT_COLORS: Record<string, string> = {
  ok: "#16a34a",
  warning: "#d97706",
  critical: "#dc2626",
  unknown: "#64748b",
};

export interface PreviewCard {
  /** Small line above the title: "Workflow", "SEV2 incident", "Shared view". */
  kicker: string;
  title: string;
  /** ok | warning | critical | unknown, or an incident status. */
  verdict: string;
  /** Beside the verdict: the failing checks by severity ("1 critical · 2 warnings"). */
  counts?: string;
  numbers: Array<{ label: string; value: string }>;
  /** A line that must not be missed (an undeclared consumer, named). */
  alert?: string;
  window: string;
}

/** The card as a PNG; `status` for a card that stands in for an error (unknown id, bad window). */
export function previewImage(card: PreviewCard, status = 200): ImageResponse {
  const color = VERDICT_COLORS[card.verdict] ?? "#0369a1";
  return new ImageResponse(
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        flexDirection: "column",
        justifyContent: "space-between",
        padding: 64,
        background: "#0f172a",
        color: "#f8fafc",
      }}
    >
      <div style={{ display: "flex", flexDirection: "column" }}>
        <div style={{ display: "flex", fontSize: 28, color: "#94a3b8" }}>Asyncscope · {card.kicker}</div>
        {/* A long title at 64 px takes three lines and crowds the numbers off the card. */}
        <div
          style={{
            display: "flex",
            fontSize: card.title.length > 44 ? 50 : 64,
            fontWeight: 700,
            marginTop: 16,
            lineHeight: 1.1,
          }}
        >
          {card.title.slice(0, 80)}
        </div>
        <div style={{ display: "flex", alignItems: "center", gap: 24, marginTop: 28 }}>
          <div
            style={{
              display: "flex",
              fontSize: 36,
              fontWeight: 700,
              padding: "8px 24px",
              borderRadius: 12,
              background: color,
              color: "#ffffff",
              textTransform: "uppercase",
            }}
          >
            {card.verdict}
          </div>
          {card.counts ? <div style={{ display: "flex", fontSize: 34, color: "#e2e8f0" }}>{card.counts}</div> : null}
        </div>
      </div>
      <div style={{ display: "flex", gap: 48 }}>
        {card.numbers.slice(0, 4).map((number) => (
          <div key={number.label} style={{ display: "flex", flexDirection: "column" }}>
            <div style={{ display: "flex", fontSize: 48, fontWeight: 700 }}>{number.value}</div>
            <div style={{ display: "flex", fontSize: 24, color: "#94a3b8" }}>{number.label}</div>
          </div>
        ))}
      </div>
      {card.alert ? (
        <div style={{ display: "flex", fontSize: 30, fontWeight: 700, color: "#fca5a5" }}>
          {card.alert.slice(0, 90)}
        </div>
      ) : null}
      <div style={{ display: "flex", fontSize: 26, color: "#cbd5e1" }}>{card.window}</div>
    </div>,
    { ...PREVIEW_SIZE, status },
  );
}
