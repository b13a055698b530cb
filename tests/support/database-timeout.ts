// How long a test or hook may take to create and migrate a database. A new PGlite folder takes
// 5–15 s on a quiet machine; in CI the unit tests share two cores with the whole lab and its
// suites, and the same open took more than the default 30 s there.
export const DATABASE_OPEN_TIMEOUT_MS = 180_000;
