/**
 * The files `ayon-sg-runtime new-plugin NAME` writes: one package that is both the studio directory the runtime
 * runs and the plugin it loads (the `"ayon-sg".plugins` list names the package itself), a handler on an AYON entity
 * topic, its test against the AYON emulator, and a tsconfig with the decorator settings injection needs.
 */

/** What the templates are filled with. */
export interface ScaffoldNames {
  /** The npm package name, e.g. `approval-flag` or `@studio/approval-flag`. */
  packageName: string;
  /** The plugin id (the unscoped package name): the key of the plugin's config section. */
  pluginId: string;
  /** The handler class, e.g. `ApprovalFlag`. */
  className: string;
}

export interface ScaffoldVersions {
  /** `@ayon-sg/<name>` → the version the studio depends on. */
  ayonSg: (name: string) => string;
  typescript: string;
  typesNode: string;
}

/** The test-only package a studio installs as a dev dependency (the harness and the emulators). */
export const TESTING_PACKAGE = "@ayon-sg/testing";

/** The TypeScript and Node typings the studio builds with (the workspace's own, so the two do not drift). */
export const STUDIO_TOOLCHAIN = { typescript: "6.0.3", typesNode: "20.19.43" } as const;

/** The AYON topic the handler listens on, and the status it reacts to by default. */
export const HANDLER_TOPIC = "entity.task.status_changed";
export const DEFAULT_STATUS = "Approved";

export function packageJson(names: ScaffoldNames, versions: ScaffoldVersions): string {
  const manifest = {
    name: names.packageName,
    version: "0.1.0",
    private: true,
    description: `ayon-sg studio directory with the '${names.pluginId}' plugin`,
    type: "module",
    exports: { ".": "./dist/index.js", "./package.json": "./package.json" },
    scripts: {
      build: "tsc -p .",
      test: "tsc -p . && node --test dist/",
      check: "ayon-sg-runtime check",
      start: "ayon-sg-runtime run",
    },
    dependencies: { "@ayon-sg/core": versions.ayonSg("@ayon-sg/core") },
    devDependencies: {
      [TESTING_PACKAGE]: versions.ayonSg(TESTING_PACKAGE),
      typescript: versions.typescript,
      "@types/node": versions.typesNode,
    },
    // The runtime's section. `plugins` names what it loads: this package itself. Add the built-in plugins here
    // (and to dependencies) when this directory should run them too.
    "ayon-sg": {
      plugins: [names.packageName],
      config: { [names.pluginId]: { status: DEFAULT_STATUS } },
    },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Legacy decorators with metadata: the handler names its dependencies in `deps`, and a constructor written without
 * them still gets its parameter types from the metadata the compiler records.
 */
export function tsconfigJson(): string {
  const config = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      skipLibCheck: true,
      sourceMap: true,
      types: ["node"],
      rootDir: "src",
      outDir: "dist",
    },
    include: ["src"],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function pluginSource(names: ScaffoldNames): string {
  const { className, pluginId } = names;
  return `import { definePlugin, Handler, PluginConfig, z } from "@ayon-sg/core";
import type { EventHandler, HandlerContext, TopicEvent } from "@ayon-sg/core";

/** This plugin's settings: "ayon-sg" → "config" → "${pluginId}" in package.json (unknown keys are refused at start). */
export const configSchema = z
  .object({
    status: z.string().default("${DEFAULT_STATUS}"),
  })
  .strict();

/** Runs on every task status change in AYON: one job per event, retried through AYON's queue when it throws. */
@Handler({
  topic: "${HANDLER_TOPIC}",
  // What the constructor receives, in order, named as values: checked by the compiler and at start.
  deps: [PluginConfig],
  description: "reacts when a task reaches the configured status",
})
export class ${className} implements EventHandler<"${HANDLER_TOPIC}"> {
  constructor(private readonly config: PluginConfig<typeof configSchema>) {}

  // The event is typed (summary and payload as AYON sends them for this topic) and checked before it arrives.
  async handle(event: TopicEvent<"${HANDLER_TOPIC}">, ctx: HandlerContext) {
    const { status } = this.config.value;
    const task = event.summary.entityPath;
    if (event.payload.newValue !== status) return ctx.skip(\`\${task} is not \${status}\`);
    ctx.logger.info(\`\${task} reached \${status}\`);
    return ctx.done(\`\${task} reached \${status}\`);
  }
}

export default definePlugin({ id: "${pluginId}", handlers: [${className}], configSchema });
`;
}

export function pluginTest(names: ScaffoldNames): string {
  const { pluginId } = names;
  return `import assert from "node:assert/strict";
import { test } from "node:test";
import { createTestRuntime, startAyonEmulator } from "${TESTING_PACKAGE}";
import plugin from "./index.js";

test("a task reaching the configured status is handled; other statuses are skipped", async () => {
  const apiKey = "studiotest0000000000000000000000";
  const ayon = await startAyonEmulator({ apiKey });
  const t = await createTestRuntime({
    plugins: [plugin],
    ayon: { url: ayon.url, apiKey },
    config: { "${pluginId}": { status: "Approved" } },
  });
  await t.start();
  try {
    // What AYON sends for a task's status change.
    const summary = { entityId: "0".repeat(32), parentId: "1".repeat(32), entityPath: "sq010/sh010/comp" };
    const approved = await t.dispatch("${HANDLER_TOPIC}", { summary, payload: { oldValue: "In progress", newValue: "Approved" } });
    const reopened = await t.dispatch("${HANDLER_TOPIC}", { summary, payload: { oldValue: "Approved", newValue: "In progress" } });
    const done = await t.waitForJob(approved);
    assert.equal(done.status, "finished");
    assert.equal(done.description, "sq010/sh010/comp reached Approved");
    assert.equal((await t.waitForJob(reopened)).status, "skipped");
  } finally {
    await t.stop();
    await ayon.close();
  }
});
`;
}

export function gitignore(): string {
  return "node_modules/\ndist/\n.env\n";
}

export function envExample(): string {
  return "# Copy to .env (or set in the environment): the AYON server and a service user's API key.\nAYON_SERVER_URL=http://localhost:5000\nAYON_API_KEY=paste-a-service-users-key-here\n";
}

/** pnpm installs every `@ayon-sg` package from its tarball in vendor/ (also those pulled in by others). */
export function pnpmWorkspaceYaml(tarballs: ReadonlyArray<{ name: string; file: string }>): string {
  const overrides = tarballs.map((t) => `  "${t.name}": "file:vendor/${t.file}"\n`).join("");
  return `overrides:\n${overrides}peerDependencyRules:\n  allowAny:\n    - "@ayon-sg/core"\n`;
}
