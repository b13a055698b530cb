// The Kafka part alone, for working on it without the rest of the lab:
//   npx tsx lab/kafka/cli.ts setup|up|down|status|services|services-down
import { buildKafka, kafkaStatus, startKafka, startKafkaServices, stopKafka, stopKafkaServices } from "./broker";

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
  case "services":
    await startKafkaServices();
    console.log("kafka checkout services started (kafka-order-service, kafka-notification-service)");
    break;
  case "services-down":
    await stopKafkaServices();
    console.log("kafka checkout services stopped");
    break;
  case "status":
    process.exitCode = kafkaStatus() ? 0 : 1;
    break;
  default:
    console.error("usage: tsx lab/kafka/cli.ts setup|up|down|status|services|services-down");
    process.exitCode = 2;
}
