// Consumer-group set-up shared by the lab's Redis consumers (checkout.ts, lanes.ts).
/** Creates the group at the stream's end (and the stream), unless it exists (BUSYGROUP). */
export async function ensureGroup(
  client: { sendCommand(args: string[]): Promise<unknown> },
  stream: string,
  group: string,
) {
  try {
    await client.sendCommand(["XGROUP", "CREATE", stream, group, "$", "MKSTREAM"]);
  } catch (err) {
    if (!String((err as Error).message).startsWith("BUSYGROUP")) throw err;
  }
}
