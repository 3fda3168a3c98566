// What `new-plugin` writes, checked file by file in a temporary directory; the install-and-run path of the
// written directory is the end-to-end test (packages/sandbox/src/new-plugin.e2e.test.ts).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { UserError } from "../config/user-error.js";
import { CORE_VERSION } from "../version.js";
import { describeScaffold, findTarballs, newPlugin, scaffoldNames } from "./new-plugin.js";
import { STUDIO_TOOLCHAIN, TESTING_PACKAGE } from "./templates.js";

const REPO_ROOT = join(import.meta.dirname, "..", "..", "..", "..");
const temp = () => mkdtempSync(join(tmpdir(), "ayon-sg-new-plugin-"));
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, any>;

describe("plugin names", () => {
  it.each([
    ["approval-flag", { packageName: "approval-flag", pluginId: "approval-flag", className: "ApprovalFlag" }],
    ["@studio/notify2", { packageName: "@studio/notify2", pluginId: "notify2", className: "Notify2" }],
  ])("%s", (name, expected) => expect(scaffoldNames(name)).toEqual(expected));

  it.each(["Approval", "approval_flag", "-flag", "flag-", "2flag", "@/flag", ""])("refuses %j in one sentence, as wrong usage", (name) => {
    const error = (() => {
      try {
        scaffoldNames(name);
      } catch (e) {
        return e;
      }
    })() as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("lowercase letters, digits and dashes");
  });
});

describe("the studio directory without tarballs", () => {
  const cwd = temp();
  const result = newPlugin({ name: "approval-flag", cwd });
  const dir = join(cwd, "approval-flag");

  it("is written under the plugin's name, and lists what it wrote", () => {
    expect(result.dir).toBe(dir);
    expect(readdirSync(dir).sort()).toEqual([".env.example", ".gitignore", "package.json", "src", "tsconfig.json"]);
    expect(result.files.sort()).toEqual([".env.example", ".gitignore", "package.json", "src/approval-flag.test.ts", "src/index.ts", "tsconfig.json"]);
  });

  it("package.json: the runtime loads the package itself, core at run time, the harness for tests only", () => {
    const pkg = readJson(join(dir, "package.json"));
    expect(pkg).toMatchObject({ name: "approval-flag", type: "module", exports: { ".": "./dist/index.js", "./package.json": "./package.json" } });
    expect(pkg.dependencies).toEqual({ "@ayon-sg/core": CORE_VERSION });
    expect(pkg.devDependencies).toEqual({ [TESTING_PACKAGE]: CORE_VERSION, typescript: STUDIO_TOOLCHAIN.typescript, "@types/node": STUDIO_TOOLCHAIN.typesNode });
    expect(pkg["ayon-sg"]).toEqual({ plugins: ["approval-flag"], config: { "approval-flag": { status: "Approved" } } });
    expect(pkg.scripts.test).toBe("tsc -p . && node --test dist/");
  });

  it("tsconfig.json keeps the constructor parameter types injection reads", () => {
    expect(readJson(join(dir, "tsconfig.json")).compilerOptions).toMatchObject({ experimentalDecorators: true, emitDecoratorMetadata: true, module: "NodeNext" });
  });

  it("the plugin has one handler on an AYON entity topic, its dependency declared in deps and imported as a value", () => {
    const source = readFileSync(join(dir, "src/index.ts"), "utf8");
    expect(source).toContain('  topic: "entity.task.status_changed",\n');
    expect(source).toContain("  deps: [PluginConfig],\n");
    expect(source).toContain('export class ApprovalFlag implements EventHandler<"entity.task.status_changed">');
    expect(source).toContain("constructor(private readonly config: PluginConfig<typeof configSchema>) {}");
    expect(source).toContain('definePlugin({ id: "approval-flag", handlers: [ApprovalFlag], configSchema })');
    expect(source).toMatch(/^import \{ definePlugin, Handler, PluginConfig, z \} from "@ayon-sg\/core";$/m);
    expect(source).not.toMatch(/import type \{[^}]*PluginConfig/);
  });

  it("the test runs the plugin against the AYON emulator from the test-only package", () => {
    const test = readFileSync(join(dir, "src/approval-flag.test.ts"), "utf8");
    expect(test).toContain(`import { createTestRuntime, startAyonEmulator } from "${TESTING_PACKAGE}";`);
    expect(test).toContain('config: { "approval-flag": { status: "Approved" } }');
  });

  it("says how to install from a registry or from tarballs", () => {
    const text = describeScaffold(result, cwd);
    expect(text).toContain("Created the studio directory approval-flag with the plugin 'approval-flag':");
    expect(text).toContain("  cd approval-flag\n  pnpm install\n  pnpm test\n");
    expect(text).toContain("--from DIR");
  });

  it("refuses to write into a directory that is not empty", () => {
    expect(() => newPlugin({ name: "approval-flag", cwd })).toThrow(/approval-flag exists and is not empty/);
  });
});

describe("the studio directory from release tarballs (--from)", () => {
  const cwd = temp();
  const release = join(cwd, "release");
  mkdirSync(release);
  for (const file of ["ayon-sg-core-0.2.0.tgz", "ayon-sg-testing-0.2.0.tgz", "ayon-sg-testkit-0.2.0.tgz", "ayon-sg-handler-project-sync-0.2.0.tgz", "README.md"]) {
    writeFileSync(join(release, file), file);
  }

  it("copies the tarballs into vendor/, points pnpm at them and depends on their versions", () => {
    const result = newPlugin({ name: "@studio/flag", dir: "studio", from: "release", cwd });
    const dir = join(cwd, "studio");
    expect(readdirSync(join(dir, "vendor")).sort()).toEqual(["ayon-sg-core-0.2.0.tgz", "ayon-sg-handler-project-sync-0.2.0.tgz", "ayon-sg-testing-0.2.0.tgz", "ayon-sg-testkit-0.2.0.tgz"]);
    expect(readFileSync(join(dir, "vendor", "ayon-sg-core-0.2.0.tgz"), "utf8")).toBe("ayon-sg-core-0.2.0.tgz");
    const yaml = readFileSync(join(dir, "pnpm-workspace.yaml"), "utf8");
    expect(yaml).toContain('  "@ayon-sg/core": "file:vendor/ayon-sg-core-0.2.0.tgz"\n');
    expect(yaml).toContain('  "@ayon-sg/handler-project-sync": "file:vendor/ayon-sg-handler-project-sync-0.2.0.tgz"\n');
    const pkg = readJson(join(dir, "package.json"));
    expect(pkg.dependencies).toEqual({ "@ayon-sg/core": "0.2.0" });
    expect(pkg.devDependencies[TESTING_PACKAGE]).toBe("0.2.0");
    expect(pkg["ayon-sg"].plugins).toEqual(["@studio/flag"]);
    expect(pkg["ayon-sg"].config).toEqual({ flag: { status: "Approved" } });
    expect(result.tarballs.map((t) => t.name)).toEqual(["@ayon-sg/core", "@ayon-sg/handler-project-sync", "@ayon-sg/testing", "@ayon-sg/testkit"]);
    expect(describeScaffold(result, cwd)).not.toContain("--from DIR");
  });

  it("names the missing tarball, or the missing folder", () => {
    const partial = join(cwd, "partial");
    mkdirSync(partial);
    writeFileSync(join(partial, "ayon-sg-core-0.2.0.tgz"), "");
    expect(() => findTarballs(partial)).toThrow(`no tarball of ${TESTING_PACKAGE} there`);
    expect(() => findTarballs(join(cwd, "nowhere"))).toThrow("no such directory");
  });
});

describe("the toolchain the studio builds with", () => {
  it("is the workspace's own TypeScript and Node typings", () => {
    const root = readJson(join(REPO_ROOT, "package.json"));
    expect(STUDIO_TOOLCHAIN).toEqual({ typescript: root.devDependencies.typescript, typesNode: root.devDependencies["@types/node"] });
  });
});
