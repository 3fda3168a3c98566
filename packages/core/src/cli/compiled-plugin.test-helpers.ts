import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { CORE_PACKAGE_DIR, createStudioDir } from "@ayon-sg/testing";

/**
 * A studio plugin written in TypeScript and compiled the way a TD would compile it: `tsc` with the plugin's own
 * tsconfig, inside a studio directory that has core installed (linked). Whatever decorator metadata the runtime
 * sees is what that tsconfig made tsc write.
 */
export interface CompiledPluginSpec {
  /** src/index.ts of the plugin package. */
  source: string;
  /** compilerOptions merged over a plain NodeNext ESM setup (no decorator options). */
  compilerOptions: Record<string, unknown>;
  /** The studio's `"ayon-sg"` section. */
  config?: Record<string, unknown>;
}

const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const run = promisify(execFile);

/** The studio directory, its plugin package `@studio/approval-flag` compiled into node_modules. */
export async function compiledPluginStudio(spec: CompiledPluginSpec): Promise<string> {
  const tsconfig = {
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, types: [], rootDir: "src", outDir: "dist", ...spec.compilerOptions },
    include: ["src"],
  };
  const dir = createStudioDir({
    links: { "@ayon-sg/core": CORE_PACKAGE_DIR },
    config: spec.config,
    packages: {
      "@studio/approval-flag": {
        packageJson: { "ayon-sg": { role: "handler" }, main: "dist/index.js" },
        files: { "src/index.ts": spec.source, "tsconfig.json": JSON.stringify(tsconfig, null, 2) },
      },
    },
  });
  const pkg = join(dir, "node_modules", "@studio", "approval-flag");
  await run(process.execPath, [TSC, "-p", pkg], { cwd: pkg }).catch((error: { stdout?: string; message: string }) => {
    throw new Error(`tsc failed for the test plugin: ${error.stdout ?? error.message}`);
  });
  return dir;
}

/** The approval-flag plugin; `imports` is how it brings AyonClient in, `options` extra @Handler options. */
export function approvalPlugin(imports: string, options = ""): string {
  return `import { definePlugin, Handler, Logger, PluginConfig, z, type EventHandler, type HandlerContext, type TopicEvent } from "@ayon-sg/core";
${imports}

export const configSchema = z.object({ minLevel: z.number().default(1) });

@Handler({ topic: "entity.task.status_changed"${options} })
class FlagApprovedTask implements EventHandler<"entity.task.status_changed"> {
  constructor(private readonly log: Logger, private readonly ayon: AyonClient, private readonly config: PluginConfig<typeof configSchema>) {}
  async handle(event: TopicEvent<"entity.task.status_changed">, ctx: HandlerContext) {
    this.log.info(\`\${event.summary.entityPath} is \${event.payload.newValue ?? "?"} at level \${this.config.value.minLevel + 1} via \${typeof this.ayon}\`);
    return ctx.done("flagged");
  }
}

export default definePlugin({ id: "approval-flag", handlers: [FlagApprovedTask], configSchema });
`;
}
