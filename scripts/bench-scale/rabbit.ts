// Many queues on the lab's RabbitMQ for the scale bench: declared in one definitions import,
// 100 of them consumed over one AMQP connection, deleted one by one at the end. Each queue
// also carries x-expires, so a bench killed half-way leaves nothing behind for long.
import amqp from "amqplib";
import { rabbit } from "../../lab/config";

const auth = `Basic ${Buffer.from(`${rabbit.user}:${rabbit.password}`).toString("base64")}`;
export const BENCH_PREFIX = "bench-scale.";
/** Unused bench queues vanish after this, should the bench die before deleting them. */
const EXPIRES_MS = 30 * 60_000;

async function api(method: string, apiPath: string, body?: unknown): Promise<Response> {
  const res = await fetch(`${rabbit.managementUrl}${apiPath}`, {
    method,
    headers: { authorization: auth, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(120_000),
  });
  if (!res.ok && !(method === "DELETE" && res.status === 404))
    throw new Error(`${method} ${apiPath}: ${res.status} ${await res.text()}`);
  return res;
}

export const queueName = (i: number) => `${BENCH_PREFIX}${String(i).padStart(5, "0")}`;

export async function labRabbitUp(): Promise<boolean> {
  return api("GET", "/api/overview").then(
    () => true,
    () => false,
  );
}

export async function queueCount(): Promise<number> {
  const res = await api("GET", "/api/queues/%2F?page=1&page_size=1&pagination=true&columns=name&disable_stats=true");
  return ((await res.json()) as { total_count: number }).total_count;
}

export async function declareQueues(count: number): Promise<void> {
  const queues = Array.from({ length: count }, (_, i) => ({
    name: queueName(i),
    vhost: rabbit.vhost,
    durable: false,
    auto_delete: false,
    arguments: { "x-expires": EXPIRES_MS },
  }));
  await api("POST", "/api/definitions", { queues });
}

/** Consumers on the first `count` bench queues; close() ends them. */
export async function consume(count: number): Promise<{ close(): Promise<void> }> {
  const connection = await amqp.connect(rabbit.amqpUrl, { clientProperties: { connection_name: "bench-scale" } });
  const channel = await connection.createChannel();
  for (let i = 0; i < count; i++) await channel.consume(queueName(i), () => {}, { noAck: true });
  return { close: () => connection.close() };
}

export async function deleteQueues(count: number, parallel = 16): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        await api("DELETE", `/api/queues/%2F/${encodeURIComponent(queueName(i))}`);
      }
    }),
  );
}
