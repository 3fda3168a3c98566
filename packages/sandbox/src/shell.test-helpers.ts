/**
 * Child processes as a user's shell runs them: a clean environment (PATH and HOME, none of the test runner's or
 * CI's variables), output collected from both streams, and waiting for a line to appear.
 */
import { spawn } from "node:child_process";

/** A user's shell: PATH and HOME, a UTF-8 locale, and whatever the caller adds. */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LANG: "C.UTF-8", ...extra };
}

export type RunningProcess = ReturnType<typeof run>;

/** Starts `command`; killed after `timeoutMs`. `waitFor` resolves with the first match of `pattern` in the output. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number) {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const listeners: Array<() => void> = [];
  const collect = (chunk: Buffer) => {
    output += String(chunk);
    listeners.forEach((l) => l());
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => (clearTimeout(timer), resolve(code))));
  return {
    child,
    exited,
    output: () => output,
    waitFor(pattern: RegExp, ms: number): Promise<RegExpExecArray> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(output);
          if (m) {
            clearTimeout(t);
            resolve(m);
          }
        };
        const t = setTimeout(() => reject(new Error(`no ${String(pattern)} within ${ms} ms:\n${output}`)), ms);
        listeners.push(check);
        check();
        void exited.then(() => setTimeout(() => reject(new Error(`exited before ${String(pattern)}:\n${output}`)), 50));
      });
    },
  };
}
