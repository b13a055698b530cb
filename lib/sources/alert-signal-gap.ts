// Thrown by a broker's AlertSignals when its exporter has no series for a signal: the rule
// that needs it cannot be written. lib/alerts/rules.ts leaves that rule out and says why in the
// export (a "skipped" line in the file, a warning on stderr); any other error still fails it.
export class SignalNotExportedError extends Error {
  constructor(
    readonly signal: string,
    message: string,
  ) {
    super(message);
    this.name = "SignalNotExportedError";
  }
}
