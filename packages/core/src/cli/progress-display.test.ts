import { describe, expect, it } from "@jest/globals";
import { EventEmitter } from "eventemitter3";
import type { JobProgress, JobReport, RuntimeEvents } from "../runtime/runtime-events.js";
import { bar, ProgressDisplay } from "./progress-display.js";

/** A terminal or pipe that records what was written. */
class FakeStream {
  chunks: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns = 100,
  ) {}
  write(text: string): boolean {
    this.chunks.push(text);
    return true;
  }
  get text(): string {
    return this.chunks.join("");
  }
  /** What a terminal would show: carriage return + erase line wipe the current line. */
  get screen(): string[] {
    const lines: string[] = [""];
    for (const piece of this.text.split(/(\r\x1b\[2K|\n)/)) {
      if (piece === "\r\x1b[2K") lines[lines.length - 1] = "";
      else if (piece === "\n") lines.push("");
      else lines[lines.length - 1] += piece;
    }
    return lines;
  }
}

function progress(jobId: string, percent: number, message = "", extra: Partial<JobProgress> = {}): JobProgress {
  return { jobId, topic: "shotgrid.event", project: "demo", action: "sync-from-shotgrid", percent, message, ...extra };
}

function report(jobId: string, status: JobReport["status"] = "finished"): JobReport {
  return { jobId, sourceId: "s", topic: "shotgrid.event", project: "demo", action: "sync-from-shotgrid", handlers: [], status, retryable: false, description: "", durationMs: 1 };
}

describe("ProgressDisplay on a TTY", () => {
  it("redraws one status line in place with a bar and the message", () => {
    const stream = new FakeStream(true);
    const display = new ProgressDisplay({ stream });
    expect(display.mode).toBe("bar");
    display.update(progress("j1", 10, "reading ShotGrid"));
    display.update(progress("j1", 50, "writing AYON"));
    expect(stream.screen).toEqual([`sync-from-shotgrid demo ${bar(50, 24)} 50% writing AYON`]);
    expect(stream.text).not.toContain("\n");
  });

  it("keeps log output above the bar and redraws the bar below it", () => {
    const stream = new FakeStream(true);
    const display = new ProgressDisplay({ stream });
    display.update(progress("j1", 30, "x"));
    display.output.write("a log line\n");
    expect(stream.screen).toEqual(["a log line", `sync-from-shotgrid demo ${bar(30, 24)} 30% x`]);
  });

  it("shows several jobs on the one line, the latest first, cut to the terminal width", () => {
    const stream = new FakeStream(true, 80);
    const display = new ProgressDisplay({ stream });
    display.update(progress("j0", 5, "", { project: "gamma" }));
    display.update(progress("j1", 20, "", { project: "alpha" }));
    display.update(progress("j2", 70, "", { project: "beta" }));
    const line = stream.screen.at(-1)!;
    expect(line.startsWith(`sync-from-shotgrid beta ${bar(70, 12)} 70% | sync-from-shotgrid alpha 20%, `)).toBe(true);
    expect(Array.from(line)).toHaveLength(79);
    expect(line.endsWith("…")).toBe(true);
  });

  it("replaces a finished job's bar by a closing line, and clears the line when nothing runs", () => {
    const stream = new FakeStream(true);
    let now = 1000;
    const display = new ProgressDisplay({ stream, now: () => now });
    display.update(progress("j1", 90, "almost"));
    now = 3500;
    display.finish(report("j1"));
    expect(stream.screen).toEqual(["✓ sync-from-shotgrid demo: finished after 2.5 s", ""]);
    display.finish(report("unknown-job"));
    expect(stream.screen).toEqual(["✓ sync-from-shotgrid demo: finished after 2.5 s", ""]);
  });

  it("follows a runtime's events until detached", () => {
    const stream = new FakeStream(true);
    const events = new EventEmitter<RuntimeEvents>();
    const display = new ProgressDisplay({ stream });
    const detach = display.attach(events);
    events.emit("job:progress", progress("j1", 40));
    expect(stream.screen.at(-1)).toContain("40%");
    detach();
    events.emit("job:progress", progress("j1", 80));
    expect(stream.text).not.toContain("80%");
  });
});

describe("ProgressDisplay on a pipe", () => {
  it("writes a plain line per 10 % step, or after the interval, never control codes", () => {
    const stream = new FakeStream(false);
    let now = 0;
    const display = new ProgressDisplay({ stream, now: () => now, lineIntervalMs: 5000 });
    expect(display.mode).toBe("lines");
    display.update(progress("j1", 1, "start"));
    display.update(progress("j1", 4, "still the first step"));
    now = 1000;
    display.update(progress("j1", 12, "next step"));
    now = 2000;
    display.update(progress("j1", 13, "same step, too soon"));
    now = 7500;
    display.update(progress("j1", 14, "same step, interval passed"));
    now = 8000;
    display.finish(report("j1", "failed"));
    expect(stream.text.split("\n").filter(Boolean)).toEqual([
      "sync-from-shotgrid demo: 1% start",
      "sync-from-shotgrid demo: 12% next step",
      "sync-from-shotgrid demo: 14% same step, interval passed",
      "sync-from-shotgrid demo: failed after 8.0 s",
    ]);
    expect(stream.text).not.toMatch(/\x1b|\r/);
  });

  it("hands lines to onLine with the job id (the run command logs them)", () => {
    const stream = new FakeStream(false);
    const lines: Array<{ text: string; jobId: string; percent: number }> = [];
    const display = new ProgressDisplay({ stream, onLine: (text, job) => lines.push({ text, jobId: job.jobId, percent: job.percent }) });
    display.update(progress("j9", 55, "halfway", { action: null, topic: "studio.topic", project: null }));
    display.finish(report("j9"));
    expect(lines).toEqual([
      { text: "studio.topic: 55% halfway", jobId: "j9", percent: 55 },
      { text: expect.stringMatching(/^studio\.topic: finished after \d+\.\d s$/) as unknown as string, jobId: "j9", percent: 100 },
    ]);
    expect(stream.text).toBe("");
  });

  it("passes other output straight through", () => {
    const stream = new FakeStream(false);
    const display = new ProgressDisplay({ stream });
    display.output.write("log\n");
    expect(stream.text).toBe("log\n");
  });
});
