// The NATS part of the lab alone: `npx tsx lab/nats/cli.ts up|down|status`, for working on it
// without the RabbitMQ lab (`npm run lab -- up` starts both).
import { natsStatus, startNatsLab, stopNatsLab } from "./server";

const command = process.argv[2];
try {
  if (command === "up") {
    await startNatsLab();
    console.log("nats is up");
  } else if (command === "down") await stopNatsLab();
  else if (command === "status") process.exitCode = (await natsStatus()) ? 0 : 1;
  else throw new Error("usage: tsx lab/nats/cli.ts up|down|status");
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
}
