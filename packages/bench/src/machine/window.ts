// A measured window on this machine: the load average sampled through it, its busy CPU time (/proc/stat) and the
// bench driver's own CPU, for the trust check of report/load.ts.
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { loadFigures, parseProcStat } from "../report/load.js";
import type { LoadFigures } from "../report/types.js";

const SAMPLE_MS = 1000;

function machineBusyMs(): number | null {
  try {
    return parseProcStat(readFileSync("/proc/stat", "utf8"))?.busyMs ?? null;
  } catch {
    return null;
  }
}

/** The load when the bench starts, before its own processes run. */
export const loadBeforeBench = (): number => loadavg()[0] ?? 0;

export class MachineWindow {
  private readonly startedAt = performance.now();
  private readonly busyAtStart = machineBusyMs();
  private readonly driverAtStart = process.cpuUsage();
  private readonly samples: number[] = [loadavg()[0] ?? 0];
  private readonly timer = setInterval(() => this.samples.push(loadavg()[0] ?? 0), SAMPLE_MS);

  constructor(private readonly loadBefore: number) {
    this.timer.unref();
  }

  /** Ends the window; `ownCpuMs` is the CPU of the runtimes and emulators over it (null when unknown). */
  end(ownCpuMs: number | null): LoadFigures {
    clearInterval(this.timer);
    this.samples.push(loadavg()[0] ?? 0);
    const wallMs = performance.now() - this.startedAt;
    const driver = process.cpuUsage(this.driverAtStart);
    const busyAtEnd = machineBusyMs();
    return loadFigures({
      cores: cpus().length,
      before: this.loadBefore,
      samples: this.samples,
      wallMs,
      ownCpuMs: ownCpuMs === null ? null : ownCpuMs + (driver.user + driver.system) / 1000,
      machineBusyMs: this.busyAtStart !== null && busyAtEnd !== null ? busyAtEnd - this.busyAtStart : null,
    });
  }
}
