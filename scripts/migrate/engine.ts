import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

type Glue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

// The package's entry imports the .wasm as an ES module, which Node cannot do. Load the JS glue
// and instantiate the wasm beside it ourselves, the way @prisma/internals does. Once per process:
// the glue keeps the instance in module state.
let gluePromise: Promise<Glue> | undefined;

function loadGlue(): Promise<Glue> {
  gluePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    // package.json is not exported, so resolve the glue file and find the wasm next to it.
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = (await import(pathToFileURL(gluePath).href)) as Glue;
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": withUnrefTimers(glue) as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start: () => void };
    (glue as unknown as { __wbg_set_wasm: (wasm: unknown) => void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return glue;
  })();
  return gluePromise;
}

// The engine arms 10 s timers (e.g. its migration lock timeout) and leaves them running after the
// work is done, which keeps a finished `migrate` command alive for 10 s. Unref them: a pending
// timer must not hold the process open.
function withUnrefTimers(glue: Glue): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...glue };
  for (const [name, value] of Object.entries(imports)) {
    if (name.startsWith("__wbg_setTimeout_") && typeof value === "function") {
      imports[name] = (...args: unknown[]) => {
        const timer: unknown = value(...args);
        if (typeof timer === "object" && timer !== null && "unref" in timer) {
          (timer as NodeJS.Timeout).unref();
        }
        return timer;
      };
    }
  }
  return imports;
}

export type EngineLog = (message: string) => void;

export async function openSchemaEngine(
  schema: { path: string; content: string },
  factory: SqlMigrationAwareDriverAdapterFactory,
  log: EngineLog = () => {},
): Promise<SchemaEngine> {
  const glue = await loadGlue();
  return glue.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    log,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
}

export const noFilters = { externalTables: [], externalEnums: [] };
