// The Redis Streams lab part alone: `npx tsx lab/redis/cli.ts up|down|status`, for working on
// this broker without the rest of the lab (which `npm run lab -- up` starts with it).
import { redisDown, redisStatus, redisUp } from "./stack";

const command = process.argv[2];
if (command === "up") await redisUp();
else if (command === "down") await redisDown();
else if (command === "status") process.exitCode = (await redisStatus()) ? 0 : 1;
else throw new Error(`usage: lab/redis/cli.ts up|down|status (got ${command ?? "nothing"})`);
