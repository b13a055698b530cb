// JetStream's own shapes, as this adapter reads them from /jsz (map.ts) and hands them to the
// neutral snapshot (snapshot.ts). Times in ms since epoch; undefined where the server did not say.

export interface JsConsumer {
  stream: string;
  name: string;
  /** False for an ephemeral consumer: its name is one the server made up. */
  durable: boolean;
  kind: "pull" | "push";
  /** Its subject filters; empty means the whole stream. */
  filters: string[];
  description?: string;
  deliverGroup?: string;
  maxDeliver?: number;
  numPending: number;
  numAckPending: number;
  numRedelivered: number;
  numWaiting: number;
  /** Push consumers: whether the deliver subject has a subscriber. Undefined on pull consumers. */
  pushBound?: boolean;
  deliveredStreamSeq: number;
  deliveredLastActiveMs?: number;
  ackFloorStreamSeq: number;
  ackFloorLastActiveMs?: number;
}

export interface JsStream {
  name: string;
  subjects: string[];
  /** "limits", "interest" or "workqueue". */
  retention?: string;
  messages: number;
  firstSeq: number;
  /** The oldest message the stream holds; undefined when it is empty. */
  firstTsMs?: number;
  lastSeq: number;
  consumers: JsConsumer[];
}

export interface JszReading {
  streams: JsStream[];
  /** The server's clock when it answered, when it says. */
  serverNowMs?: number;
  /** When the answer arrived, by our clock. */
  atMs: number;
  disabled: boolean;
}
