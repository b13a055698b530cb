import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

// Prisma's schema engine (the part behind `prisma migrate`) compiled to WebAssembly and
// driven through a driver adapter. The native engine that the Prisma CLI downloads cannot
// be fetched on machines without internet; the wasm build ships in an npm package, so
// migrations are created and applied the same way everywhere, with the same
// _prisma_migrations bookkeeping that `prisma migrate deploy` uses.

type EngineModule = typeof import("@prisma/schema-engine-wasm");

let engineModule: Promise<EngineModule> | undefined;

/**
 * The package's entry imports the .wasm file as an ES module, which Node 20 cannot do
 * without a flag; so we instantiate the wasm ourselves and hand it to the JS glue (which
 * Next bundles). The .wasm is read from node_modules in the working directory: inside a
 * server bundle, module resolution returns bundler ids rather than file paths.
 */
async function loadEngineModule(): Promise<EngineModule> {
  const wasmFile = path.join(process.cwd(), "node_modules", "@prisma", "schema-engine-wasm", "schema_engine_bg.wasm");
  const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as EngineModule & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const bytes = await readFile(/*turbopackIgnore: true*/ wasmFile).catch((error: unknown) => {
    throw new Error(
      `cannot read Prisma's schema engine at ${wasmFile} (run npm install from the project folder): ${String(error)}`,
    );
  });
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue as never });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

export interface EngineLogLine {
  level: string;
  message: string;
}

/**
 * Runs `work` with a schema engine bound to `adapterFactory`, then frees it. Engine log
 * lines at WARN or above go to `onLog` (default: stderr with context), never nowhere.
 */
export async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schemaText: string,
  work: (engine: SchemaEngine) => Promise<T>,
  onLog: (line: EngineLogLine) => void = (line) => console.error(`[schema-engine] ${line.level}: ${line.message}`),
): Promise<T> {
  engineModule ??= loadEngineModule();
  const { SchemaEngine } = await engineModule;
  const forwardLog = (raw: string) => {
    const parsed = safeParseLog(raw);
    if (parsed.level === "WARN" || parsed.level === "ERROR") onLog(parsed);
  };
  const connections = closingFactory(adapterFactory);
  const engine = await SchemaEngine.new(
    { datamodels: [["schema.prisma", schemaText]] },
    forwardLog,
    bindMigrationAwareSqlAdapterFactory(connections.factory),
  );
  try {
    return await work(engine);
  } finally {
    try {
      engine.free();
    } finally {
      await connections.closeAll();
    }
  }
}

/**
 * The engine connects through the factory and never closes what it opened. On PostgreSQL that
 * leaves a pool whose idle session still holds the engine's migration advisory lock until the
 * pool drops it (10 s later): the next run, another instance starting, would wait out the lock
 * timeout and fail. So every connection it opened is closed when it is done. (PGlite's adapter
 * closes nothing: the app's own database stays open.)
 */
function closingFactory(factory: SqlMigrationAwareDriverAdapterFactory) {
  const opened: SqlDriverAdapter[] = [];
  const track = async (connect: () => Promise<SqlDriverAdapter>) => {
    const adapter = await connect();
    opened.push(adapter);
    return adapter;
  };
  return {
    factory: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: () => track(() => factory.connect()),
      connectToShadowDb: () => track(() => factory.connectToShadowDb()),
    } satisfies SqlMigrationAwareDriverAdapterFactory,
    // A connection that fails to close is logged, not thrown: the migration's own outcome (or
    // error) is what the caller must see.
    closeAll: async () => {
      const results = await Promise.allSettled(opened.splice(0).map((adapter) => adapter.dispose()));
      for (const result of results)
        if (result.status === "rejected")
          console.error(`[schema-engine] closing a connection failed: ${String(result.reason)}`);
    },
  };
}

function safeParseLog(raw: string): EngineLogLine {
  try {
    const parsed = JSON.parse(raw) as { level?: string; fields?: { message?: string } };
    return { level: parsed.level ?? "INFO", message: parsed.fields?.message ?? raw };
  } catch (error) {
    // Not JSON: keep the raw text so nothing the engine said is lost.
    return { level: "WARN", message: `${raw} (unparsed log line: ${String(error)})` };
  }
}
