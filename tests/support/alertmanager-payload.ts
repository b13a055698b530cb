// Alertmanager webhook bodies (format version 4) as Alertmanager 0.27 sends them: nanosecond
// times, Go's zero time as a firing alert's endsAt, a 16-hex fingerprint of the label set.

export interface AlertFields {
  status?: "firing" | "resolved";
  fingerprint?: string;
  alertname?: string;
  workflow?: string | undefined;
  check?: string;
  severity?: string;
  summary?: string;
  description?: string;
  dashboard?: string | undefined;
  startsAt?: string;
  endsAt?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export const GO_ZERO_TIME = "0001-01-01T00:00:00Z";

/** One alert of a notification: AsyncscopeAcksStopped on checkout unless told otherwise. */
export function alert(fields: AlertFields = {}) {
  const status = fields.status ?? "firing";
  const workflow = "workflow" in fields ? fields.workflow : "checkout";
  const dashboard =
    "dashboard" in fields
      ? fields.dashboard
      : "https://asyncscope.example.com/workflows/checkout?from=2026-11-23T13:03:00Z&to=2026-11-23T14:18:00Z";
  return {
    status,
    labels: {
      alertname: fields.alertname ?? "AsyncscopeAcksStopped",
      ...(workflow === undefined ? {} : { workflow }),
      check: fields.check ?? "acks-progressing",
      severity: fields.severity ?? "critical",
      ...fields.labels,
    },
    annotations: {
      summary: fields.summary ?? "Checkout confirmation: no ack on order_confirmed.notification for 5m",
      description:
        fields.description ??
        "Messages wait on order_confirmed.notification and nothing acks them; the workflow page says why.",
      ...(dashboard === undefined ? {} : { dashboard }),
      ...fields.annotations,
    },
    startsAt: fields.startsAt ?? "2026-11-23T14:03:00.123456789Z",
    endsAt: fields.endsAt ?? (status === "resolved" ? "2026-11-23T14:41:30.5Z" : GO_ZERO_TIME),
    generatorURL:
      "http://prometheus.example.com:9090/graph?g0.expr=asyncscope_check_status%7Bworkflow%3D%22checkout%22%7D&g0.tab=1",
    fingerprint: fields.fingerprint ?? "3f2a9c0d5e6b7a81",
  };
}

/** A notification holding `alerts` (its status is firing while any alert fires). */
export function notification(alerts: Array<ReturnType<typeof alert>>) {
  return {
    version: "4",
    groupKey: '{}/{severity=~"warning|critical"}:{alertname="AsyncscopeAcksStopped"}',
    truncatedAlerts: 0,
    status: alerts.some((one) => one.status === "firing") ? "firing" : "resolved",
    receiver: "asyncscope",
    groupLabels: { alertname: "AsyncscopeAcksStopped" },
    commonLabels: { alertname: "AsyncscopeAcksStopped" },
    commonAnnotations: {},
    externalURL: "http://alertmanager.example.com:9093",
    alerts,
  };
}
