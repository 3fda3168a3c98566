// ProgressWriter: a job done within one progress interval costs no write; a longer one is marked "in progress"
// by its first write, with the progress reported so far.
import { describe, expect, it } from "@jest/globals";
import type { AyonClient } from "../ayon/client.js";
import type { EventPatch } from "../ayon/types.js";
import { SilentLogger } from "../logging/logger.js";
import { ProgressWriter } from "./progress-writer.js";

function recordingClient(): { ayon: AyonClient; patches: Array<{ id: string; patch: EventPatch }> } {
  const patches: Array<{ id: string; patch: EventPatch }> = [];
  const ayon = {
    updateEvent: async (id: string, patch: EventPatch) => {
      patches.push({ id, patch });
    },
  } as unknown as AyonClient;
  return { ayon, patches };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!check()) throw new Error("condition never met");
}

describe("ProgressWriter", () => {
  it("writes nothing for a job that ends within the interval, even with progress reported", async () => {
    const { ayon, patches } = recordingClient();
    const announced: number[] = [];
    const writer = new ProgressWriter(ayon, "job1", null, 60_000, 60_000, new SilentLogger(), (p) => announced.push(p));
    await writer.start("Processing");
    writer.report(40, "reading");
    writer.report(80, "writing");
    await writer.stop();
    expect(patches).toEqual([]);
    expect(announced).toEqual([]);
  });

  it("marks a job in progress with its first write once the interval has passed, reported progress or not", async () => {
    const { ayon, patches } = recordingClient();
    const writer = new ProgressWriter(ayon, "job2", null, 20, 60_000, new SilentLogger(), () => undefined);
    await writer.start("Processing shots");
    await until(() => patches.length > 0);
    await writer.stop();
    expect(patches[0]).toEqual({
      id: "job2",
      patch: { status: "in_progress", progress: 0, description: "Processing shots", summary: { progress: 0, message: "Processing shots" } },
    });
  });

  it("carries the latest reported progress in the first write", async () => {
    const { ayon, patches } = recordingClient();
    const writer = new ProgressWriter(ayon, "job3", null, 20, 60_000, new SilentLogger(), () => undefined);
    await writer.start("Processing");
    writer.report(10, "first");
    writer.report(55, "second");
    await until(() => patches.length > 0);
    await writer.stop();
    expect(patches).toHaveLength(1);
    expect(patches[0]!.patch).toMatchObject({ status: "in_progress", progress: 55, description: "second" });
  });
});
