import { z } from "zod";
import { CHECKLIST_STEP_IDS } from "@/lib/view/anchors";
import { CHART_REF, isChecklistStepId, parseEvidenceRef } from "./evidence-ref";

// Request bodies of the incident API (docs/api.md), validated before anything is stored.

/** Incidents and their events happen in this century, and not tomorrow. */
const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1);
const FUTURE_SLACK_MS = 24 * 3600_000;
// Bounded: year 0 fails in the database (a 500), and an incident dated 9999 would sort above
// every real one in the list and the pin picker.
const instant = z.iso
  .datetime({ offset: true, error: "expected an RFC 3339 time such as 2026-11-23T14:03:00Z" })
  .transform((text) => new Date(text))
  .refine((date) => date.getTime() >= EARLIEST_INSTANT_MS, "expected a time from 2000-01-01 on")
  .refine(
    (date) => date.getTime() <= Date.now() + FUTURE_SLACK_MS,
    "expected a time at most a day in the future (check the clock and the year)",
  );
/**
 * One line: no control characters, no line or paragraph separators (U+2028/9, which break
 * lines in Markdown and JavaScript), no bidi overrides or isolates (U+202A–E, U+2066–9, which
 * make a text read differently from what it holds).
 */
const ONE_LINE = /^[^\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]*$/u;
const severity = z.enum(["sev1", "sev2", "sev3", "sev4"]);
const status = z.enum(["investigating", "identified", "monitoring", "resolved"]);
// One line: a title is a heading in the exported review and the first line of a link preview.
const title = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(ONE_LINE, "a title is one line: no line breaks, control characters or bidi overrides");
// Free text is stored in Postgres text columns, which cannot hold NUL: refused with a 422
// here instead of failing the insert with a 500.
const NO_NUL = [(text: string) => !text.includes("\u0000"), "text cannot contain NUL characters (\\u0000)"] as const;
const freeText = z
  .string()
  .trim()
  .min(1)
  .max(10_000)
  .refine(...NO_NUL);
/** A person's name as a form or a client sends it (an SSO header, when configured, wins). */
const author = z
  .string()
  .trim()
  .max(200)
  .regex(ONE_LINE, "an author is one line: no line breaks, control characters or bidi overrides")
  .optional();
const workflowIds = z
  .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/))
  .min(1)
  .max(20)
  .refine((ids) => new Set(ids).size === ids.length, "each workflow once: the list has duplicates");

export const createIncidentBody = z.strictObject({
  title,
  severity,
  startedAt: instant,
  workflowIds,
  /** Only used when no trusted identity header is configured. */
  author,
});

export const updateIncidentBody = z
  .strictObject({
    version: z.number().int().min(1),
    title: title.optional(),
    severity: severity.optional(),
    status: status.optional(),
    resolvedAt: instant.nullable().optional(),
    workflowIds: workflowIds.optional(),
    author,
  })
  .refine((body) => Object.keys(body).some((key) => key !== "version" && key !== "author"), {
    message: "nothing to change",
  });

export const addEventBody = z
  .strictObject({
    kind: z.enum(["note", "evidence"]),
    body: freeText,
    /** Defaults to now. */
    at: instant.optional(),
    checkId: z
      .string()
      .max(64)
      .refine(...NO_NUL)
      .optional(),
    workflowId: z
      .string()
      .max(64)
      .refine(...NO_NUL)
      .optional(),
    snapshotId: z.uuid().optional(),
    /** The item inside the snapshot the evidence points at, in the forms a pin stores (evidence-ref.ts). */
    evidenceRef: z
      .string()
      .max(64)
      .refine(
        (ref) => parseEvidenceRef(ref) !== undefined,
        "an evidenceRef is a panel id such as panel-depth, a trace id of 32 lowercase hex digits, or a checklist step id",
      )
      .optional(),
    author,
  })
  .refine((event) => event.evidenceRef === undefined || event.snapshotId !== undefined, {
    message: "an evidenceRef points inside a snapshot: give its snapshotId too",
    path: ["evidenceRef"],
  });

const windowFields = {
  workflowId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  /** RFC 3339; the evidence window. */
  from: z.string(),
  to: z.string(),
};

const pinLabel = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(ONE_LINE, "a label is one line: no line breaks, control characters or bidi overrides");

/**
 * What a pin names inside the snapshot. The ref becomes part of the evidence link
 * (evidence-ref.ts), so only the forms a link is built from are accepted: a panel id, a trace
 * id, a checklist step id. Without a ref, the link opens the whole snapshot. A view is the
 * whole page: a ref there would be dropped, so it is refused rather than ignored.
 */
export const pinItem = z.discriminatedUnion("type", [
  z.strictObject(
    { type: z.literal("view"), label: pinLabel },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys" && issue.keys.includes("ref")
          ? "the whole view takes no ref; to name one item, pin it as a chart, trace or checklist step"
          : undefined,
    },
  ),
  z.strictObject({
    type: z.literal("chart"),
    ref: z
      .string()
      .max(64)
      .regex(CHART_REF, "a chart ref is the id of a panel of the workflow page, such as panel-depth")
      .optional(),
    label: pinLabel,
  }),
  z.strictObject({
    type: z.literal("trace"),
    // Jaeger's UI shows ids in lowercase, but a pasted id may not be: compared lowercased.
    ref: z
      .string()
      .regex(/^[0-9a-fA-F]{32}$/, "a trace ref is a trace id of 32 hex digits")
      .transform((id) => id.toLowerCase())
      .optional(),
    label: pinLabel,
  }),
  z.strictObject({
    type: z.literal("checklist"),
    ref: z
      .string()
      .refine(isChecklistStepId, `a checklist ref is a step id: ${CHECKLIST_STEP_IDS.join(", ")}`)
      .optional(),
    label: pinLabel,
  }),
]);

export type PinItem = z.output<typeof pinItem>;

export const pinBody = z.strictObject({
  ...windowFields,
  item: pinItem,
  note: z
    .string()
    .max(10_000)
    .refine(...NO_NUL)
    .optional(),
  author,
});

export const shareLinkBody = z.strictObject({
  ...windowFields,
  /**
   * The view to open, an app path with its query (defaults to the workflow page for the
   * window). Checked by assertAppPath (lib/incidents/app-path.ts), which answers 400 with
   * the reason, rather than here: one rule for creating and for following a link.
   */
  targetPath: z.string().optional(),
  /** Freeze the evidence now, so the link renders the same after the live data is gone. */
  snapshot: z.boolean().default(true),
  author,
});
