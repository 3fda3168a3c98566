import { describe, expect, it } from "@jest/globals";
import { AYON_EMULATOR_USAGE, SHOTGRID_EMULATOR_USAGE } from "@ayon-sg/testkit";
import { EMULATOR_USAGE, runEmulatorCli } from "./emulator-cli.js";

function capture() {
  const io = { stdout: "", stderr: "", out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

describe("runEmulatorCli (what `ayon-sg-runtime emulator` forwards to)", () => {
  it("hands each emulator its own arguments: `ayon --help` and `shotgrid --help` print their options", async () => {
    const ayon = capture();
    expect(await runEmulatorCli(["ayon", "--help"], ayon)).toBe(0);
    expect(ayon.stdout).toBe(AYON_EMULATOR_USAGE);
    const shotgrid = capture();
    expect(await runEmulatorCli(["shotgrid", "--help"], shotgrid)).toBe(0);
    expect(shotgrid.stdout).toBe(SHOTGRID_EMULATOR_USAGE);
  });

  it("prints its own usage for --help, and refuses a missing or unknown emulator with exit code 2", async () => {
    const help = capture();
    expect(await runEmulatorCli(["--help"], help)).toBe(0);
    expect(help.stdout).toBe(EMULATOR_USAGE);
    const none = capture();
    expect(await runEmulatorCli([], none)).toBe(2);
    expect(none.stderr).toMatch(/^error: which emulator\? use 'emulator ayon' or 'emulator shotgrid'/);
    const unknown = capture();
    expect(await runEmulatorCli(["ftrack"], unknown)).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown emulator 'ftrack':/);
    expect(unknown.stdout).toBe("");
  });
});
