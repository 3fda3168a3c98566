// The deployment files at the repository root must agree with the packages they name: a version bump or a
// renamed package that the Dockerfile, Makefile or studio template did not follow fails here, not in a
// studio's docker build.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

function publishablePackages(): Array<{ name: string; version: string }> {
  return readdirSync(join(ROOT, "packages"))
    .filter((dir) => existsSync(join(ROOT, "packages", dir, "package.json")))
    .map((dir) => JSON.parse(read(join("packages", dir, "package.json"))) as { name: string; version: string; private?: boolean })
    .filter((p) => p.private !== true)
    .map(({ name, version }) => ({ name, version }));
}

const tarball = (p: { name: string; version: string }) => `${p.name.replace(/^@/, "").replace("/", "-")}-${p.version}.tgz`;

describe("deploy/studio (the studio directory baked into the image)", () => {
  it("overrides every publishable package with its current tarball, and depends on current versions", () => {
    const overrides = Object.fromEntries(
      [...read("deploy/studio/pnpm-workspace.yaml").matchAll(/^\s+"(@ayon-sg\/[^"]+)": "([^"]+)"$/gm)].map((m) => [m[1], m[2]]),
    );
    const packages = publishablePackages();
    expect(Object.keys(overrides).sort()).toEqual(packages.map((p) => p.name).sort());
    for (const p of packages) expect(overrides[p.name]).toBe(`file:vendor/${tarball(p)}`);
    const studio = JSON.parse(read("deploy/studio/package.json")) as { dependencies: Record<string, string> };
    const versions = new Map(packages.map((p) => [p.name, p.version]));
    for (const [name, range] of Object.entries(studio.dependencies)) expect([name, range]).toEqual([name, versions.get(name)]);
  });
});

describe("image name and version", () => {
  it("make build tags the image package.py's services entry names", () => {
    const packagePy = read("packages/ayon-addon/package.py");
    const image = /"image":\s*f"([^:"]+):\{version\}"/.exec(packagePy)?.[1];
    expect(image).toBe("ayon-sg/runtime");
    const makefile = read("Makefile");
    expect(makefile).toMatch(new RegExp(`^IMAGE \\?= ${image!.replace("/", "\\/")}$`, "m"));
    expect(makefile).toContain(`require('./packages/ayon-addon/package.json').version`);
    expect(makefile).toMatch(/docker build --build-arg STUDIO_DIR=\$\(STUDIO_DIR\) -t \$\(IMAGE\):\$\(VERSION\) \./);
  });

  it("the Dockerfile installs the workspace's pnpm and bakes deploy/studio by default", () => {
    const dockerfile = read("Dockerfile");
    const pnpm = (JSON.parse(read("package.json")) as { packageManager: string }).packageManager;
    expect(dockerfile.match(/npm install -g (pnpm@\S+)/g)).toEqual([`npm install -g ${pnpm}`, `npm install -g ${pnpm}`]);
    expect(dockerfile).toMatch(/^ARG STUDIO_DIR=deploy\/studio$/m);
    expect(dockerfile).toMatch(/pnpm release:pack --out \/out\/vendor/);
  });
});

describe("sample_env", () => {
  it("lists every variable the runtime reads (set or commented out), and nothing else", () => {
    const usage = read("packages/core/src/cli/usage.ts");
    const read_ = new Set([...usage.matchAll(/\b(AYON_[A-Z_]+|LOG_LEVEL|LOG_FORMAT)\b/g)].map((m) => m[1]!));
    read_.delete("AYON_SG_STUDIO_DIR"); // the Dockerfile and --studio set the studio directory
    const listed = new Set([...read("sample_env").matchAll(/^#?\s*([A-Z_]+)=/gm)].map((m) => m[1]!));
    expect([...listed].sort()).toEqual([...read_].sort());
  });
});
