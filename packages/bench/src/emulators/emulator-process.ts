// Driver side of an emulator child process: forks `host.js`, waits for its URL, then sends commands and
// matches answers by id. Each emulator thus has its own CPU time and memory, apart from the runtime's and
// the driver's.
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { EmulatorKind, HostReady, HostResponse, HostStats } from "./protocol.js";

/** The compiled host entry (the driver always runs from dist/, jest included: see bench.smoke.test.ts). */
const HOST_ENTRY = join(import.meta.dirname, "host.js");

export class EmulatorProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  private constructor(
    readonly kind: EmulatorKind,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    child.on("message", (message: HostResponse) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`${kind} emulator: ${message.error}`));
    });
    child.on("exit", (code, signal) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${kind} emulator exited (${signal ?? code})`));
      this.pending.clear();
    });
  }

  static async start(kind: EmulatorKind, options: object, nodeArgs: string[] = []): Promise<EmulatorProcess> {
    const child = fork(HOST_ENTRY, [kind, JSON.stringify(options)], { stdio: ["ignore", "inherit", "inherit", "ipc"], execArgv: nodeArgs });
    const url = await new Promise<string>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the ${kind} emulator exited before listening (code ${code})`));
      child.once("exit", onExit);
      child.once("message", (message: HostReady) => {
        child.off("exit", onExit);
        resolve(message.url);
      });
    });
    return new EmulatorProcess(kind, url, child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  call<T>(command: string, args: unknown = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, command, args });
    });
  }

  stats(): Promise<HostStats> {
    return this.call<HostStats>("stats");
  }

  resetStats(): Promise<void> {
    return this.call<void>("resetStats");
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    await exited;
  }
}
