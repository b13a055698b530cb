// Options for an APIRequestContext call to the app on a connection of its own. A test that calls
// the app, waits a few seconds and calls again reuses the kept-alive socket just as the server's
// 5-s keep-alive timeout closes it, and the request fails with ECONNRESET: the test racing the
// server, not the server failing (seen in alerts-lab on the lab on 2026-12-02, and in reuse-lab
// on CI on 2026-12-03). With every call saying `connection: close`, no socket is kept to reuse.
export const FRESH_CONNECTION = { headers: { connection: "close" } };
