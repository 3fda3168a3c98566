import { describe, expect, it } from "@jest/globals";
import { runBinary } from "@ayon-sg/testing";

// The built binary, as a studio runs it: every subcommand answers --help with exit 0 and nothing on stderr.
describe("ayon-sg-runtime <command> --help", () => {
  it.each(["run", "check", "list-plugins", "new-plugin", "emulator", "emulator ayon", "emulator shotgrid", "sandbox"])(
    "%s --help",
    async (line) => {
      const command = line.split(" ");
      const result = await runBinary([...command, "--help"]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: ayon-sg-runtime ${command.join(" ")}\\b`));
    },
  );

  it("an unknown option is wrong usage: exit 2, the message and the command's help on stderr", async () => {
    const result = await runBinary(["emulator", "ayon", "--bogus"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: Unknown option --bogus/);
  });
});
