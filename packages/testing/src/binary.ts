import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The @ayon-sg/core this package runs against: the nearest node_modules holding it, from this package up (a
 * workspace link in this repository, a sibling in a studio's pnpm or npm layout). Read by hand rather than with
 * createRequire, whose resolution test runners replace.
 */
function findCorePackage(from: string): string {
  for (let at = from; ; at = dirname(at)) {
    const candidate = join(at, "node_modules", "@ayon-sg", "core");
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(at) === at) throw new Error(`@ayon-sg/testing: @ayon-sg/core is not installed next to ${from} (it is a peer dependency: install both)`);
  }
}

export const CORE_PACKAGE_DIR = findCorePackage(join(import.meta.dirname, ".."));
/** The built binary: end-to-end tests run exactly what a studio runs (in this repository: after `pnpm build`). */
export const BINARY = join(CORE_PACKAGE_DIR, "dist", "cli", "main.js");

export interface BinaryResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningBinary {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves once stdout or stderr contains `text`. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<BinaryResult>;
  exited: Promise<BinaryResult>;
}

export function startBinary(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): RunningBinary {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run \`pnpm build\` before the end-to-end tests`);
  const child = spawn(process.execPath, [BINARY, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_FORMAT: "json", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const listeners: Array<() => void> = [];
  child.stdout!.on("data", (chunk) => {
    stdout += String(chunk);
    listeners.forEach((l) => l());
  });
  child.stderr!.on("data", (chunk) => {
    stderr += String(chunk);
    listeners.forEach((l) => l());
  });
  const exited = new Promise<BinaryResult>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    waitFor(text, timeoutMs = 15_000) {
      const matches = () => (typeof text === "string" ? (stdout + stderr).includes(text) : text.test(stdout + stderr));
      if (matches()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`binary did not print ${String(text)} within ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs);
        const check = () => {
          if (matches()) {
            clearTimeout(timer);
            resolve();
          }
        };
        listeners.push(check);
        void exited.then(() => {
          if (!matches()) {
            clearTimeout(timer);
            reject(new Error(`binary exited before printing ${String(text)}:\n${stdout}\n${stderr}`));
          }
        });
      });
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function runBinary(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<BinaryResult> {
  const running = startBinary(args, options);
  const timer = setTimeout(() => running.child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
  try {
    return await running.exited;
  } finally {
    clearTimeout(timer);
  }
}
