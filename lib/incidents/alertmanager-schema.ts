import { z } from "zod";

// Alertmanager's webhook body, format version "4" (the only one it has sent since 0.7):
// https://prometheus.io/docs/alerting/latest/configuration/#webhook_config. Unlike the
// incident API's bodies these objects are not strict: Alertmanager has added fields within
// version 4 (truncatedAlerts) and may add more, so an unknown field is ignored rather than
// refusing the whole notification (a 4xx is not retried: its alerts would be lost). What the
// timeline reads is required and typed; per alert, what does not fit (no workflow label, a
// workflow this config does not know) is a skip with a reason in the answer, not a 422
// (alert-events.ts). Grafana's own webhook format is version "1" and is refused.

/** Bytes read at most: a group of a few hundred alerts. Alertmanager's max_alerts keeps groups below it. */
export const ALERTMANAGER_MAX_BODY_BYTES = 1024 * 1024;
/** Alerts per notification. */
export const ALERTMANAGER_MAX_ALERTS = 1000;

const MAX_LABELS = 100;

/** Prometheus label and annotation sets: string → string. */
const labelSet = z
  .record(z.string(), z.string({ error: "label and annotation values are strings" }))
  .refine((labels) => Object.keys(labels).length <= MAX_LABELS, `at most ${MAX_LABELS} labels or annotations`);

/**
 * RFC 3339 as Go prints it: with nanoseconds, in UTC or with an offset. A firing alert's
 * endsAt is Go's zero time (0001-01-01T00:00:00Z) or its expected end; neither is refused here.
 */
const goTime = z.iso
  .datetime({ offset: true, error: "expected an RFC 3339 time such as 2026-11-23T14:03:00.000Z" })
  .transform((text) => new Date(text));

const status = z.enum(["firing", "resolved"], { error: 'expected "firing" or "resolved"' });

export const alertmanagerAlert = z.object({
  status,
  labels: labelSet,
  annotations: labelSet,
  startsAt: goTime,
  endsAt: goTime,
  generatorURL: z.string(),
  // Alertmanager's fingerprint of the label set: 16 hex digits. It becomes part of the event's
  // key, so anything that is not a short token is refused.
  fingerprint: z
    .string()
    .regex(/^[0-9A-Za-z]{1,64}$/, "a fingerprint is 1–64 letters and digits (Alertmanager sends 16 hex digits)"),
});

export const alertmanagerPayload = z.object({
  version: z.literal("4", {
    error: 'expected version "4": this endpoint reads Alertmanager\'s webhook format version 4',
  }),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).optional(),
  status,
  receiver: z.string(),
  groupLabels: labelSet,
  commonLabels: labelSet,
  commonAnnotations: labelSet,
  externalURL: z.string(),
  alerts: z
    .array(alertmanagerAlert)
    .max(
      ALERTMANAGER_MAX_ALERTS,
      `at most ${ALERTMANAGER_MAX_ALERTS} alerts per notification (set max_alerts in the receiver's webhook_configs)`,
    ),
});

export type AlertmanagerPayload = z.output<typeof alertmanagerPayload>;
export type AlertmanagerAlert = z.output<typeof alertmanagerAlert>;
