// A broker's lab faults (lab/<broker>/faults.ts), registered in lab/faults.ts with one line:
// their descriptions for `npm run lab` help, their default options, and how the CLI applies the
// ones the running services cannot pick up from .lab/faults.json by themselves.
import type { FaultOptions, FaultState } from "./faults";

export interface BrokerFaults<Name extends string = string> {
  descriptions: Record<Name, string>;
  defaults: Record<Name, FaultOptions>;
  /** After faults.json has the new state: restart or start what the fault needs. */
  apply(name: Name, on: boolean, state: FaultState): Promise<void>;
}
