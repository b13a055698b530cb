// The mapping of recorded admin readouts (tests/fixtures/kafka, from the lab's kfake) into the
// neutral snapshot, and the Apache Kafka forms kfake does not produce, on small factories.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { kafkaDestinationSchema } from "./config";
import { emptyHistory, recordSamples } from "./history";
import { recordMembership } from "./rebalance";
import { readoutSchema, type KafkaReadout } from "./schemas";
import { toKafkaSnapshot } from "./snapshot";

const fixture = (name: string): KafkaReadout =>
  readoutSchema.parse(
    JSON.parse(
      fs.readFileSync(path.resolve(import.meta.dirname, `../../../tests/fixtures/kafka/${name}.json`), "utf8"),
    ),
  );
const TOPIC = "asyncscope-test";
const GROUP = "asyncscope-test-notification";
const WINDOW = 60_000;
const declared = [
  kafkaDestinationSchema.parse({
    topic: TOPIC,
    group: GROUP,
    consumers: [{ clientId: "notification-test" }],
    deadLetterTopics: [`${TOPIC}.DLT`],
  }),
];
const snap = (readout: KafkaReadout, history = recordSamples(emptyHistory(), readout, WINDOW)) =>
  toKafkaSnapshot(declared, readout, history, WINDOW);

describe("toKafkaSnapshot on recorded readouts", () => {
  it("a caught-up Stable group: lag 0, its member with every identity, the declared DLT as route", () => {
    const s = snap(fixture("group-stable-caught-up"));
    const d = s.destinations[0]!;
    expect(d.ref).toEqual({ key: `${TOPIC}@${GROUP}`, name: TOPIC, identity: { topic: TOPIC, group: GROUP } });
    expect(d.waiting?.value).toBe(0);
    expect(d.consumerCount?.value).toBe(1);
    const member = d.consumers!.value[0]!;
    expect(member.label).toBe("notification-test");
    expect(member.anonymous).toBe(false);
    expect(member.attributes).toMatchObject({ clientId: "notification-test", group: GROUP, host: expect.any(String) });
    expect(d.inFlight).toBeUndefined(); // Kafka has no unacked count: absent, not zero
    expect(d.warnings).toEqual([]);
    expect(s.deadLetterRoutes.map((r) => [r.sourceKey, r.targets.map((t) => t.key)])).toEqual([
      [`${TOPIC}@${GROUP}`, [`${TOPIC}.DLT`]],
    ]);
    expect(s.noDeadLetterRoute).toEqual([]);
  });

  it("names an undeclared group reading the workflow topic", () => {
    const d = snap(fixture("undeclared-group-reading")).destinations[0]!;
    expect(d.warnings).toEqual([
      `undeclared consumer group asyncscope-test-intruder reads topic ${TOPIC} (analytics-intruder)`,
    ]);
    expect(d.consumerCount?.value).toBe(1); // the intruder is not one of the group's members
    // …and the checks get it as a reader from outside, with its group.
    expect(d.otherConsumers?.value.map((c) => [c.label, c.attributes.group])).toEqual([
      ["analytics-intruder", "asyncscope-test-intruder"],
    ]);
  });

  it("an Empty group: summed lag per partition (4 + 6 + 11), no members, the DLT's retained record", () => {
    const s = snap(fixture("group-empty-lag-growing"));
    const d = s.destinations[0]!;
    expect(d.waiting?.value).toBe(21);
    expect(d.consumerCount?.value).toBe(0);
    expect(d.warnings).toContain(`consumer group ${GROUP} is EMPTY`);
    expect(s.deadLetterStates.map((x) => [x.ref.key, x.waiting?.value])).toEqual([[`${TOPIC}.DLT`, 1]]);
  });

  it("STOP once the samples cover the window with the offset unmoved and nobody assigned", () => {
    //  t=0        t=30 s     t=60 s     (the same readout: committed 6/9/15, lag 21)
    const base = fixture("group-empty-lag-growing");
    const history = emptyHistory();
    let last = base;
    for (const dt of [0, 30_000, 60_000]) recordSamples(history, (last = { ...base, atMs: base.atMs + dt }), WINDOW);
    const d = snap(last, history).destinations[0]!;
    expect(d.warnings.find((w) => w.startsWith("lag "))).toMatch(
      /^lag STOP \(Burrow's window rules on the offsets this server read\): partition 0 STOP/,
    );
    expect(d.lagVerdict?.value.status).toBe("STOP");
    expect(d.lagVerdict?.value.reason).toMatch(/partition 0 STOP: no member is assigned/);
    // Waiting at least since the first sample at this offset, and labelled as an estimate.
    expect(d.oldestWaiting?.value).toMatchObject({ publishedAtMs: base.atMs, estimated: true });
    expect(d.oldestWaiting?.value.method).toMatch(/^estimated/);
  });

  it("a group gone from a later readout: its old samples are not judged as now, its absence is said", () => {
    //  t=0, 30 s, 60 s: STOP as above; t=90 s: the group expired (no longer listed, no offsets)
    const base = fixture("group-empty-lag-growing");
    const history = emptyHistory();
    for (const dt of [0, 30_000, 60_000]) recordSamples(history, { ...base, atMs: base.atMs + dt }, WINDOW);
    const gone: KafkaReadout = {
      ...base,
      atMs: base.atMs + 90_000,
      groups: base.groups.filter((g) => g.groupId !== GROUP),
      committed: base.committed.filter((c) => c.group !== GROUP),
    };
    recordSamples(history, gone, WINDOW);
    const d = snap(gone, history).destinations[0]!;
    expect(d.warnings.some((w) => w.startsWith("lag "))).toBe(false);
    expect(d.oldestWaiting).toBeUndefined();
    expect(d.warnings).toContain(`consumer group ${GROUP} does not exist on the cluster`);
    expect(d.warnings.find((w) => w.includes("no offsets read now"))).toMatch(
      new RegExp(`^group ${GROUP}: no offsets read now on partitions 0, 1, 2: their earlier samples are not judged$`),
    );
  });
});

describe("rebalance storms", () => {
  it("names a group whose members keep changing within the window, from the recorded readouts", () => {
    //  caught-up (member m1) ─ empty (none) ─ caught-up (m1) ─ empty: three rebalances seen
    const stable = fixture("group-stable-caught-up");
    const empty = fixture("group-empty-lag-growing");
    const membership = new Map();
    const sequence = [stable, empty, stable, empty].map((r, i) => ({ ...r, atMs: stable.atMs + i * 5_000 }));
    for (const r of sequence) recordMembership(membership, r, [GROUP], WINDOW);
    const last = sequence[sequence.length - 1]!;
    const d = toKafkaSnapshot(declared, last, emptyHistory(), WINDOW, membership).destinations[0]!;
    expect(d.warnings).toContain(
      `rebalance storm: group ${GROUP} rebalanced 3 times in 15 s (members keep joining and leaving: a crash-looping consumer?)`,
    );
    const calm = new Map();
    for (const r of sequence.slice(0, 2)) recordMembership(calm, r, [GROUP], WINDOW);
    const once = toKafkaSnapshot(declared, sequence[1]!, emptyHistory(), WINDOW, calm).destinations[0]!;
    expect(once.warnings.some((w) => w.startsWith("rebalance storm"))).toBe(false);
  });
});

describe("toKafkaSnapshot on Apache Kafka forms", () => {
  const readout = (over: Partial<KafkaReadout>): KafkaReadout => ({
    atMs: 1_000,
    groups: [],
    committed: [],
    topics: [
      { topic: TOPIC, exists: true, logStart: [{ partition: 0, offset: 0 }], logEnd: [{ partition: 0, offset: 8 }] },
    ],
    ...over,
  });

  it("a member's host as Apache Kafka gives it (/10.0.0.5) and a generated client id marked anonymous", () => {
    const d = snap(
      readout({
        groups: [
          {
            groupId: GROUP,
            state: "STABLE",
            protocolType: "consumer",
            members: [
              {
                memberId: "consumer-notification-1-9f2",
                clientId: "consumer-notification-1",
                clientHost: "/10.0.0.5",
                groupInstanceId: null,
                assignments: [{ topic: TOPIC, partitions: [0] }],
                subscribedTopics: [TOPIC],
              },
            ],
          },
        ],
        committed: [{ group: GROUP, topic: TOPIC, partitions: [{ partition: 0, offset: 5 }] }],
      }),
    ).destinations[0]!;
    expect(d.consumers!.value[0]).toMatchObject({ peer: "10.0.0.5", anonymous: true });
    expect(d.waiting?.value).toBe(3);
  });

  it("a group that never committed: lag unknown (no waiting), said in a warning; a missing group said", () => {
    const d = snap(readout({})).destinations[0]!;
    expect(d.waiting).toBeUndefined();
    expect(d.warnings).toEqual([
      `group ${GROUP} has not committed on partitions 0: their lag is unknown`,
      `consumer group ${GROUP} does not exist on the cluster`,
    ]);
  });

  it("a log-end offset of −1 or missing is an unknown lag, never 0, and no sample for the window rules", () => {
    //  partition 0: end −1 (ListOffsets gave none), 1: end 9, 2: log start only; committed 5 on each
    const r = readout({
      committed: [
        {
          group: GROUP,
          topic: TOPIC,
          partitions: [0, 1, 2].map((partition) => ({ partition, offset: 5 })),
        },
      ],
      topics: [
        {
          topic: TOPIC,
          exists: true,
          logStart: [0, 1, 2].map((partition) => ({ partition, offset: 0 })),
          logEnd: [
            { partition: 0, offset: -1 },
            { partition: 1, offset: 9 },
          ],
        },
      ],
    });
    const d = snap(r).destinations[0]!;
    expect(d.waiting?.value).toBe(4); // partition 1 only
    expect(d.warnings).toContain(`topic ${TOPIC}: log-end offset unknown on partitions 0, 2: their lag is unknown`);
    expect([...recordSamples(emptyHistory(), r, WINDOW).get(`${TOPIC}@${GROUP}`)!.keys()]).toEqual([1]);
  });

  it("a dead-letter partition with no log start (or end) is a gap, not its whole log counted", () => {
    const dlt = `${TOPIC}.DLT`;
    const s = snap(
      readout({
        topics: [
          readout({}).topics[0]!,
          {
            topic: dlt,
            exists: true,
            logStart: [{ partition: 1, offset: 2 }],
            logEnd: [
              { partition: 0, offset: 40 },
              { partition: 1, offset: 5 },
            ],
          },
        ],
      }),
    );
    const state = s.deadLetterStates[0]!;
    expect(state.waiting?.value).toBe(3); // partition 1 only, not 3 + 40
    expect(state.warnings).toEqual([
      `topic ${dlt}: log-start or log-end offset unknown on partitions 0: their retained records are unknown`,
    ]);
    const none = snap(
      readout({
        topics: [
          readout({}).topics[0]!,
          { topic: dlt, exists: true, logStart: [], logEnd: [{ partition: 0, offset: -1 }] },
        ],
      }),
    ).deadLetterStates[0]!;
    expect(none.waiting).toBeUndefined();
  });

  it("a topic the cluster does not have, and a destination without a DLT", () => {
    const plain = kafkaDestinationSchema.parse({ topic: TOPIC, group: GROUP, consumers: [] });
    const missing = toKafkaSnapshot(
      [plain],
      readout({ topics: [{ topic: TOPIC, exists: false, logStart: [], logEnd: [] }] }),
      emptyHistory(),
      WINDOW,
    );
    expect(missing.destinations[0]!.exists).toBe(false);
    expect(missing.noDeadLetterRoute).toEqual([]);
    const present = toKafkaSnapshot([plain], readout({}), emptyHistory(), WINDOW);
    expect(present.noDeadLetterRoute).toEqual([`${TOPIC}@${GROUP}`]);
  });
});
