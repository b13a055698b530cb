// GET /healthz – liveness and readiness for load balancers: 200 when the config is valid and
// the database answers, 503 with the reason otherwise. Never contacts Prometheus, Jaeger or
// RabbitMQ: a broker outage must not take the dashboard about it out of rotation.
import { appConfig } from "@/lib/config";
import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/api/respond";
import { db, databaseDescription } from "@/lib/db/client";
import { errorText } from "@/lib/db/errors";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const config = appConfig();
    const prisma = await db();
    await prisma.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", workflows: config.workflows.length, database: databaseDescription() });
  } catch (error) {
    const reason = errorText(error);
    console.error(`[healthz] not ready: ${reason}`);
    return Response.json(
      { status: "unavailable", reason },
      { status: 503, headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) } },
    );
  }
}
