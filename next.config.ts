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
  ],
  turbopack: {
    resolveAlias: {
      // Recharts asks for the pre-React-18 shim; react-redux (in the same chunk) for the plain
      // build. With React 19 both use React's own useSyncExternalStore: one copy is enough.
      "use-sync-external-store/shim/with-selector": "use-sync-external-store/with-selector",
      // Only the d3 scales the charts use (see the file): about 7 KB gzipped.
      "victory-vendor/d3-scale": "./build/d3-scale.js",
      // Only the curves and stack offsets the charts use (see the file): about 1.5 KB gzipped.
      "victory-vendor/d3-shape": "./build/d3-shape.js",
    },
    rules: {
      // Recharts' ES modules each carry their own copy of Babel's helpers: one shared copy
      // instead (build/dedupe-babel-helpers.cjs), about 5 KB gzipped off the chart chunk.
      "*.js": { condition: { path: /node_modules\/recharts\/es6\// }, loaders: ["./build/dedupe-babel-helpers.cjs"] },
    },
  },
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
