// One `ayon-sg-runtime run` process, started from core's built binary exactly as a studio starts it, with what
// the benchmark reads about it from /proc: peak resident memory (VmHWM) and CPU time.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { BINARY } from "@ayon-sg/testing";

export interface RuntimeProcessOptions {
  studioDir: string;
  env: Record<string, string>;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Where the whole log goes too (`--logs DIR`); by default only the last lines are kept. */
  logFile?: string;
}

/** Log lines kept for error messages: enough to see why a process stopped, bounded for a long run. */
const TAIL_BYTES = 64 * 1024;

export class RuntimeProcess {
  private tail = "";
  private readonly listeners = new Set<() => void>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess, logFile: string | undefined) {
    const log = logFile ? createWriteStream(logFile, { flags: "a" }) : null;
    const collect = (chunk: Buffer) => {
      log?.write(chunk);
      this.tail = (this.tail + chunk.toString("utf8")).slice(-TAIL_BYTES);
      for (const listener of this.listeners) listener();
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    this.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => log?.end());
  }

  static start(options: RuntimeProcessOptions): RuntimeProcess {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BINARY, "run", "--studio", options.studioDir], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_FORMAT: "json", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return new RuntimeProcess(child, options.logFile);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The last log lines (for error messages). */
  output(): string {
    return this.tail;
  }

  /** Resolves once the output contains `text`; rejects when the process exits first or the time is up. */
  waitFor(text: string, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`the runtime did not print '${text}' within ${timeoutMs} ms:\n${this.tail}`)), timeoutMs);
      const check = () => {
        if (this.tail.includes(text)) finish(null);
      };
      const finish = (error: Error | null) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        if (error) reject(error);
        else resolve();
      };
      this.listeners.add(check);
      void this.exited.then(({ code }) => finish(new Error(`the runtime exited (code ${code}) before printing '${text}':\n${this.tail}`)));
      check();
    });
  }

  /** Peak resident set size so far (Linux VmHWM), null where /proc is not available. */
  peakRssBytes(): number | null {
    try {
      const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${this.pid}/status`, "utf8"));
      return match ? Number(match[1]) * 1024 : null;
    } catch {
      return null;
    }
  }

  /** User + system CPU time so far, in milliseconds (Linux /proc/<pid>/stat, 100 ticks a second). */
  cpuMs(): number | null {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces) start at the closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return null;
    }
  }

  /** SIGTERM (running jobs get their grace period), then waits for the exit. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    return this.exited;
  }
}
