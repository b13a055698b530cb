// npm run lab -- <command>. See docs/lab.md.
import { FAULT_SWITCHES, FAULTS, type FaultOptions, isFaultName } from "./faults";
import { parseRecordArgs, record } from "./record";
import { setup } from "./setup";
import { down, fault, load, reset, status, up } from "./stack";

const USAGE = `usage: npm run lab -- <command>
  setup                       install rabbitmq-server + prometheus (Debian), build Jaeger v2 and VictoriaLogs (idempotent)
  up                          start everything on 127.0.0.1, state under .lab/
  down                        stop everything \`up\` started
  status                      components, queue depths/consumers, checkout rate, traces in the last minute
  reset                       down, wipe .lab state (keeps the built binaries), up again if it was up
  load <per-second>|stop      place checkouts at a steady rate in the background (default 5)
  fault <name> on|off [--share 0.3] [--service name] [--delay-ms 600] [--offset-ms -5000] [--logged]
  record <fault|none> <minutes> [--baseline-minutes 1] [--out file.json.gz] [fault options]
                              under load: a clean baseline, then the fault for <minutes>, captured
                              as an evidence bundle (default demo/bundles/<fault>.json.gz)
faults:
${Object.entries(FAULTS)
  .map(([k, v]) => `  ${k.padEnd(20)} ${v}`)
  .join("\n")}`;

function parseFaultOptions(args: string[]): FaultOptions {
  const opts: FaultOptions = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i];
    if (flag !== undefined && FAULT_SWITCHES.has(flag)) {
      opts.logged = true; // the only switch so far
      i -= 1; // no value to skip
      continue;
    }
    const value = args[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const num = () => {
      const n = Number(value);
      if (Number.isNaN(n)) throw new Error(`${flag} expects a number, got ${value}`);
      return n;
    };
    switch (flag) {
      case "--share":
        opts.share = num();
        if (opts.share < 0 || opts.share > 1) throw new Error("--share must be between 0 and 1");
        break;
      case "--service":
        opts.service = value;
        break;
      case "--delay-ms":
        opts.delayMs = num();
        break;
      case "--offset-ms":
        opts.offsetMs = num();
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return opts;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "setup":
      await setup();
      return 0;
    case "up":
      await up();
      return 0;
    case "down":
      await down();
      return 0;
    case "status":
      return (await status()) ? 0 : 3;
    case "reset":
      await reset();
      return 0;
    case "load":
      await load(rest[0]);
      return 0;
    case "fault": {
      const [name, state, ...opts] = rest;
      if (!name || !isFaultName(name) || (state !== "on" && state !== "off")) {
        console.error(USAGE);
        return 2;
      }
      await fault(name, state === "on", parseFaultOptions(opts));
      return 0;
    }
    case "record": {
      if (rest.length < 2) {
        console.error(USAGE);
        return 2;
      }
      await record(parseRecordArgs(rest, parseFaultOptions));
      return 0;
    }
    default:
      console.error(USAGE);
      return cmd === undefined || cmd === "help" || cmd === "--help" ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`lab: ${err.message}`);
    process.exit(1);
  },
);
