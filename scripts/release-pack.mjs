#!/usr/bin/env node
// `pnpm release:pack [--out DIR]`: builds the workspace and packs every publishable package (those not marked
// "private") into DIR (default: release/) with `pnpm pack`, which turns `workspace:` and `catalog:` versions
// into real ones. A studio installs the tarballs with pnpm from its own directory (README: "Installing without
// a registry"); the Dockerfile does the same.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
let out = join(root, "release");
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--out" && args[i + 1]) out = resolve(args[++i]);
  else if (args[i].startsWith("--out=")) out = resolve(args[i].slice("--out=".length));
  else {
    process.stderr.write(`usage: pnpm release:pack [--out DIR]   (unknown argument '${args[i]}')\n`);
    process.exit(2);
  }
}

const packages = readdirSync(join(root, "packages"))
  .map((dir) => join(root, "packages", dir))
  .filter((dir) => existsSync(join(dir, "package.json")))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
  .filter(({ manifest }) => manifest.private !== true)
  .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));

process.stdout.write(`release:pack: building ${packages.map((p) => p.manifest.name).join(", ")}\n`);
try {
  execFileSync("pnpm", ["exec", "tsc", "-b", ...packages.map((p) => p.dir)], { cwd: root, stdio: "inherit" });
} catch {
  process.stderr.write("release:pack: the build failed (see above); nothing was packed\n");
  process.exit(1);
}
mkdirSync(out, { recursive: true });

const packed = [];
for (const { dir, manifest } of packages) {
  if (!existsSync(join(dir, "dist", "index.js"))) throw new Error(`${manifest.name} has no dist/index.js after the build`);
  // pnpm names the file <scope>-<name>-<version>.tgz; an older copy of the same version is replaced.
  const file = `${manifest.name.replace(/^@/, "").replace("/", "-")}-${manifest.version}.tgz`;
  rmSync(join(out, file), { force: true });
  execFileSync("pnpm", ["pack", "--pack-destination", out], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  if (!existsSync(join(out, file))) throw new Error(`pnpm pack did not write ${join(out, file)}`);
  packed.push({ name: manifest.name, version: manifest.version, file });
}

const shown = relative(process.cwd(), out) || ".";
process.stdout.write(`\nPacked ${packed.length} packages into ${shown}:\n`);
for (const p of packed) process.stdout.write(`  ${p.name}@${p.version}  ${p.file}\n`);
process.stdout.write(
  `\nA studio directory with these tarballs in its vendor/ folder installs them with pnpm, with this in its\n` +
    `pnpm-workspace.yaml (every @ayon-sg package, also the ones it does not list itself):\n\noverrides:\n` +
    packed.map((p) => `  "${p.name}": "file:vendor/${p.file}"\n`).join(""),
);
