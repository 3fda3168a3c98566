// `ayon-sg-runtime emulator …` through the built binary: core forwards to @ayon-sg/testing (this checkout's
// packages/testing), whose emulators answer --help and seed a demo project.
import { describe, expect, it } from "@jest/globals";
import { AYON_EMULATOR_USAGE, SHOTGRID_EMULATOR_USAGE } from "@ayon-sg/testkit";
import { runBinary, startBinary } from "@ayon-sg/testing";
import { AyonClient } from "../../ayon/client.js";

describe("ayon-sg-runtime emulator", () => {
  it("`emulator ayon --help` and `emulator shotgrid --help` print each emulator's options and exit 0", async () => {
    const ayon = await runBinary(["emulator", "ayon", "--help"]);
    expect({ code: ayon.code, stdout: ayon.stdout, stderr: ayon.stderr }).toEqual({ code: 0, stdout: AYON_EMULATOR_USAGE, stderr: "" });
    const shotgrid = await runBinary(["emulator", "shotgrid", "--help"]);
    expect({ code: shotgrid.code, stdout: shotgrid.stdout, stderr: shotgrid.stderr }).toEqual({ code: 0, stdout: SHOTGRID_EMULATOR_USAGE, stderr: "" });
    const unknown = await runBinary(["emulator", "ftrack"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown emulator 'ftrack'/);
  });

  it("`emulator ayon --seed-project NAME` serves a project a client can read, until SIGTERM", async () => {
    const apiKey = "emulatore2e000000000000000000000";
    const running = startBinary(["emulator", "ayon", "--api-key", apiKey, "--seed-project", "e2e_demo"]);
    try {
      await running.waitFor(/AYON emulator listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(running.output().stdout).toContain("Demo project 'e2e_demo' seeded (18 folders, 20 tasks)");
      const url = /listening on (\S+)/.exec(running.output().stdout)![1]!;
      const client = new AyonClient({ serverUrl: url, apiKey });
      expect((await client.getProject("e2e_demo"))?.name).toBe("e2e_demo");
      const folders = await fetch(`${url}/api/projects/e2e_demo/folders`, { headers: { "x-api-key": apiKey } });
      expect(((await folders.json()) as { folders: Array<{ folderType: string }> }).folders.filter((f) => f.folderType === "Shot")).toHaveLength(6);
    } finally {
      const result = await running.stop("SIGTERM");
      expect(result.code).toBe(0);
    }
  });
});
