// Load generator: places checkouts at a steady rate. Usage: load.ts <per-second>
// Not instrumented, so each checkout trace starts at order-service's POST /checkout.
import { urls } from "../config";

const rate = Number(process.argv[2] ?? 5);
if (!(rate > 0) || rate > 200) {
  console.error(`load: rate must be in (0, 200] per second, got ${process.argv[2]}`);
  process.exit(2);
}
let ok = 0;
let failed = 0;
let lastError = "";
const skus = ["SKU-0001", "SKU-0002", "SKU-0003", "SKU-0042", "SKU-1337"];

async function checkout() {
  try {
    const res = await fetch(`${urls.orderService}/checkout`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        sku: skus[Math.floor(Math.random() * skus.length)],
        qty: 1 + Math.floor(Math.random() * 3),
        email: "buyer@example.test",
      }),
      signal: AbortSignal.timeout(5000),
    });
    if (res.status === 202) ok++;
    else {
      failed++;
      lastError = `HTTP ${res.status}`;
    }
    await res.body?.cancel();
  } catch (err) {
    failed++;
    lastError = (err as Error).message;
  }
}

// Schedule against the wall clock, so a slow request does not lower the rate.
const intervalMs = 1000 / rate;
const t0 = Date.now();
let n = 0;
function tick() {
  void checkout();
  n++;
  setTimeout(tick, Math.max(0, t0 + n * intervalMs - Date.now()));
}
tick();
const report = setInterval(() => {
  console.log(
    `${new Date().toISOString()} load ${rate}/s: ${ok} accepted, ${failed} failed${failed ? ` (last: ${lastError})` : ""}`,
  );
}, 10_000);
process.on("SIGTERM", () => {
  clearInterval(report);
  process.exit(0);
});
