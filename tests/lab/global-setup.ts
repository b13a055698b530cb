// The lab tests run against a running lab. CI runs `npm run lab -- setup && npm run lab -- up`
// first; locally, if the lab is not up, this starts it. Load (5 checkouts/s) runs for the
// whole suite. 99-down.test.ts stops the lab at the end and checks nothing is left behind.
import { readFaults } from "../../lab/faults";
import { lab, labOk } from "./helpers";

export async function setup() {
  const status = await lab("status");
  if (status.code !== 0) {
    console.log("lab tests: lab is not (fully) up, starting it");
    await labOk("down");
    await labOk("up");
  }
  // Faults left over from an interrupted run would distort every test: each one on is switched
  // off (which also stops the processes a broker fault started).
  for (const f of Object.keys(readFaults())) await labOk("fault", f, "off");
  await labOk("load", "5");
}

export async function teardown() {
  // If 99-down did not run (a filtered run), stop only the load, leave the lab as it was.
  await lab("load", "stop");
}
