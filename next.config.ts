import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Loaded by Node at run time rather than bundled: PGlite reads its .wasm and data files
  // from its package folder. (@prisma/schema-engine-wasm is bundled: its package maps
  // `require` to an ES module, so it cannot be external; lib/db/schema-engine.ts loads the
  // .wasm itself.)
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/driver-adapter-utils",
    "@prisma/adapter-pg",
    "pg",
    // The Kafka admin client loads a native CRC-32C (@node-rs/crc32, a .node file) when it can,
    // which a bundler cannot place; Node resolves it from the package at run time.
    "@platformatic/kafka",
  ],
  // proxy.ts sets these (and the CSP) on everything else; the build's static files skip the proxy.
  async headers() {
    return [
      {
        source: "/_next/static/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
