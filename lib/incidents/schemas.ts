import { z } from "zod";

// Request bodies of the incident API (docs/api.md), validated before anything is stored.

const instant = z.iso.datetime({ offset: true, error: "expected an RFC 3339 time such as 2026-11-23T14:03:00Z" }).transform((text) => new Date(text));
const severity = z.enum(["sev1", "sev2", "sev3", "sev4"]);
const status = z.enum(["investigating", "identified", "monitoring", "resolved"]);
// One line: a title is a heading in the exported review and the first line of a link preview.
const title = z.string().trim().min(1).max(200).regex(/^[^\p{Cc}]*$/u, "a title is one line: no line breaks or control characters");
const workflowIds = z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/)).min(1).max(20);

export const createIncidentBody = z.strictObject({
  title,
  severity,
  startedAt: instant,
  workflowIds,
  /** Only used when no trusted identity header is configured. */
  author: z.string().max(200).optional(),
});

export const updateIncidentBody = z
  .strictObject({
    version: z.number().int().min(1),
    title: title.optional(),
    severity: severity.optional(),
    status: status.optional(),
    resolvedAt: instant.nullable().optional(),
    workflowIds: workflowIds.optional(),
    author: z.string().max(200).optional(),
  })
  .refine((body) => Object.keys(body).some((key) => key !== "version" && key !== "author"), { message: "nothing to change" });

export const addEventBody = z.strictObject({
  kind: z.enum(["note", "evidence"]),
  body: z.string().trim().min(1).max(10_000),
  /** Defaults to now. */
  at: instant.optional(),
  checkId: z.string().max(64).optional(),
  workflowId: z.string().max(64).optional(),
  snapshotId: z.uuid().optional(),
  author: z.string().max(200).optional(),
});

const windowFields = {
  workflowId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  /** RFC 3339; the evidence window. */
  from: z.string(),
  to: z.string(),
};

export const pinBody = z.strictObject({
  ...windowFields,
  item: z.strictObject({
    type: z.enum(["view", "chart", "trace", "checklist"]),
    ref: z.string().max(200).optional(),
    label: z.string().trim().min(1).max(200),
  }),
  note: z.string().max(10_000).optional(),
  author: z.string().max(200).optional(),
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
  author: z.string().max(200).optional(),
});
