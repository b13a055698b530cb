// The Kafka part alone, for working on it without the rest of the lab:
//   npx tsx lab/kafka/cli.ts setup|up|down|status
import { buildKafka, kafkaStatus, startKafka, stopKafka } from "./broker";

const command = process.argv[2];
switch (command) {
  case "setup":
    buildKafka();
    break;
  case "up":
    await startKafka();
    console.log("kafka up");
    break;
  case "down":
    await stopKafka();
    console.log("kafka down");
    break;
  case "status":
    process.exitCode = kafkaStatus() ? 0 : 1;
    break;
  default:
    console.error("usage: tsx lab/kafka/cli.ts setup|up|down|status");
    process.exitCode = 2;
}
