/**
 * `new-plugin NAME`: writes a studio directory whose package is its own plugin (see templates.ts). With `from`, the
 * `@ayon-sg` release tarballs found there (`pnpm release:pack` output) are copied into vendor/ and pnpm is pointed at
 * them, so the directory installs without a registry and without a checkout of ayon-sg.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { UserError } from "../config/user-error.js";
import { CORE_VERSION } from "../version.js";
import {
  envExample, gitignore, HANDLER_TOPIC, packageJson, pluginSource, pluginTest, pnpmWorkspaceYaml, STUDIO_TOOLCHAIN, TESTING_PACKAGE,
  tsconfigJson, type ScaffoldNames,
} from "./templates.js";

export interface NewPluginOptions {
  /** The package name: lowercase letters, digits and dashes, optionally scoped (`@studio/approval-flag`). */
  name: string;
  /** Where to write; default `./<unscoped name>`. Must be absent or empty. */
  dir?: string;
  /** A folder holding the `@ayon-sg` release tarballs (`ayon-sg-core-0.1.0.tgz`, ...). */
  from?: string;
  /** Resolves relative `dir` and `from`. */
  cwd?: string;
}

export interface NewPluginResult {
  dir: string;
  names: ScaffoldNames;
  /** The files written, relative to `dir`, vendor/ tarballs included. */
  files: string[];
  /** The tarballs pnpm installs from (empty without `from`). */
  tarballs: Tarball[];
}

export interface Tarball {
  name: string;
  version: string;
  file: string;
}

const PACKAGE_NAME = /^(?:@([a-z0-9][a-z0-9-]*)\/)?([a-z][a-z0-9-]*[a-z0-9])$/;
/** `pnpm pack` names a scoped package's tarball `<scope>-<name>-<version>.tgz`. */
const AYON_SG_TARBALL = /^ayon-sg-([a-z0-9-]+?)-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.tgz$/;

export function scaffoldNames(packageName: string): ScaffoldNames {
  const m = PACKAGE_NAME.exec(packageName);
  if (!m) {
    throw new UserError(
      `'${packageName}' is not a usable plugin name: use lowercase letters, digits and dashes, starting with a letter (e.g. approval-flag or @studio/approval-flag)`,
      2,
    );
  }
  const pluginId = m[2]!;
  const className = pluginId.split("-").map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join("");
  return { packageName, pluginId, className };
}

/** The `@ayon-sg` tarballs in `dir`, newest version per package. */
export function findTarballs(dir: string): Tarball[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`--from ${dir}: no such directory (it should hold the tarballs of 'pnpm release:pack')`, 2);
  const byName = new Map<string, Tarball>();
  for (const file of readdirSync(dir).sort()) {
    const m = AYON_SG_TARBALL.exec(file);
    if (m) byName.set(`@ayon-sg/${m[1]}`, { name: `@ayon-sg/${m[1]}`, version: m[2]!, file });
  }
  const tarballs = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const needed of ["@ayon-sg/core", TESTING_PACKAGE]) {
    if (!byName.has(needed)) throw new UserError(`--from ${dir}: no tarball of ${needed} there (run 'pnpm release:pack --out ${dir}' in an ayon-sg checkout)`, 2);
  }
  return tarballs;
}

export function newPlugin(options: NewPluginOptions): NewPluginResult {
  const cwd = options.cwd ?? process.cwd();
  const names = scaffoldNames(options.name);
  const dir = resolve(cwd, options.dir ?? names.pluginId);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new UserError(`${dir} exists and is not empty: choose another --dir, or remove it first`, 1);
  }
  const tarballs = options.from ? findTarballs(resolve(cwd, options.from)) : [];
  const versionOf = new Map(tarballs.map((t) => [t.name, t.version]));

  const files: Record<string, string> = {
    "package.json": packageJson(names, { ayonSg: (name) => versionOf.get(name) ?? CORE_VERSION, ...STUDIO_TOOLCHAIN }),
    "tsconfig.json": tsconfigJson(),
    "src/index.ts": pluginSource(names),
    [`src/${names.pluginId}.test.ts`]: pluginTest(names),
    ".gitignore": gitignore(),
    ".env.example": envExample(),
  };
  if (tarballs.length > 0) files["pnpm-workspace.yaml"] = pnpmWorkspaceYaml(tarballs);

  mkdirSync(join(dir, "src"), { recursive: true });
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  if (tarballs.length > 0) {
    mkdirSync(join(dir, "vendor"));
    for (const t of tarballs) copyFileSync(join(resolve(cwd, options.from!), t.file), join(dir, "vendor", t.file));
  }
  return { dir, names, files: [...Object.keys(files), ...tarballs.map((t) => `vendor/${t.file}`)], tarballs };
}

/** What the command prints: what was written and the next steps. */
export function describeScaffold(result: NewPluginResult, cwd = process.cwd()): string {
  const where = relative(cwd, result.dir) || ".";
  const lines = [
    `Created the studio directory ${where} with the plugin '${result.names.pluginId}':`,
    "  package.json          the studio: dependencies, the \"ayon-sg\" section (plugins, config)",
    "  tsconfig.json         decorators with metadata (constructor injection by type)",
    `  src/index.ts          handler ${result.names.className} on ${HANDLER_TOPIC}`,
    `  src/${result.names.pluginId}.test.ts  its test against the AYON emulator`,
  ];
  if (result.tarballs.length > 0) lines.push(`  vendor/               ${result.tarballs.length} @ayon-sg tarballs, installed through pnpm-workspace.yaml overrides`);
  lines.push("", "Next:", `  cd ${where}`, "  pnpm install", "  pnpm test", "  cp .env.example .env   # your AYON server and a service user's API key", "  pnpm exec ayon-sg-runtime run", "");
  if (result.tarballs.length === 0) {
    lines.push(
      `Without --from, pnpm install takes @ayon-sg/core ${CORE_VERSION} and ${TESTING_PACKAGE} from your registry. To install from`,
      "release tarballs instead: ayon-sg-runtime new-plugin NAME --from DIR (DIR: the output of 'pnpm release:pack').",
      "",
    );
  }
  return lines.join("\n");
}
