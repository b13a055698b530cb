// What the Kafka checkout processes (checkout.ts) and the faults that start them (faults.ts)
// share, apart from checkout.ts, which runs its role as soon as it is loaded.

/**
 * What a fault makes a process do. Unset: the healthy checkout.
 * - poison:  the producer sends a share (LAB_KAFKA_SHARE) of unparseable records
 * - crash:   the consumer exits a few seconds after joining (its supervisor restarts it)
 * - stall:   the consumer stops handling records after a few, staying in its group
 * - slow:    each record takes LAB_KAFKA_DELAY_MS
 * - rewind:  every LAB_KAFKA_REWIND_MS the group leaves, its offsets go back to the earliest, it rejoins
 * - drop:    a share (LAB_KAFKA_SHARE) of records is committed without the work, no log, no error
 */
export type KafkaBehaviour = "poison" | "crash" | "stall" | "slow" | "rewind" | "drop";

/** The dead-letter topic the application writes to, Spring's and Kafka Connect's naming. */
export const dltOf = (topic: string) => `${topic}.DLT`;
