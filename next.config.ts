import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Loaded by Node at run time rather than bundled: PGlite and Prisma's schema engine read
  // their .wasm and data files from their package folders.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/schema-engine-wasm",
    "@prisma/driver-adapter-utils",
    "@prisma/adapter-pg",
    "pg",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
