// The Redis Streams lab's faults (registered in lab/faults.ts). Not built yet: none.
import type { BrokerFaults } from "../fault-set";

export const REDIS_FAULTS: BrokerFaults<never> = {
  descriptions: {},
  defaults: {},
  async apply() {},
};
