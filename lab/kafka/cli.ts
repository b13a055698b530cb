// The Kafka part alone, for working on it without the rest of the lab (Jaeger and VictoriaLogs
// only receive its spans and logs if they run):
//   npx tsx lab/kafka/cli.ts setup|up|down|status
import { buildKafka } from "./broker";
import { kafkaDown, kafkaLabStatus, kafkaUp } from "./stack";

const command = process.argv[2];
switch (command) {
  case "setup":
    buildKafka();
    break;
  case "up":
    await kafkaUp();
    console.log("kafka up: broker and checkout services");
    break;
  case "down":
    await kafkaDown();
    console.log("kafka down");
    break;
  case "status":
    process.exitCode = (await kafkaLabStatus()) ? 0 : 1;
    break;
  default:
    console.error("usage: tsx lab/kafka/cli.ts setup|up|down|status");
    process.exitCode = 2;
}
