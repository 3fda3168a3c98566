// Builds the settings page with Vite in a child process (Vite's own CLI, so the result is exactly what
// `vite build` gives), into any output folder: tests build into a temporary one.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export async function buildFrontend(addonDir: string, outDir: string): Promise<void> {
  const require = createRequire(join(addonDir, "package.json"));
  const viteBin = join(dirname(require.resolve("vite/package.json")), "bin", "vite.js");
  const args = [viteBin, "build", join(addonDir, "frontend"), "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"];
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: addonDir, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`vite build of the settings page failed (exit ${code}):\n${output.join("")}`);
}
