import { join } from "node:path";
import { tmpdir } from "node:os";
import { describe, expect, it } from "@jest/globals";
import { CORE_VERSION } from "../version.js";
import { COMMANDS, runCli } from "./program.js";
import { captureIo } from "./program.test-helpers.js";
import type { CliCommand } from "./usage.js";

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, out: io.outText(), err: io.errText() };
}

describe("ayon-sg-runtime --help", () => {
  it("without arguments, and with --help or help, lists every command, the environment and the exit codes", async () => {
    for (const argv of [[], ["--help"], ["-h"], ["help"]]) {
      const result = await cli(...argv);
      expect(result.code).toBe(0);
      for (const command of ["run", "check", "list-plugins", "emulator", "sandbox"]) expect(result.out).toMatch(new RegExp(`^  ${command}\\b`, "m"));
      expect(result.out).toMatch(/AYON_SERVER_URL/);
      expect(result.out).toMatch(/2 wrong usage/);
    }
  });

  it.each([
    [["run"], /--studio <dir>/],
    [["check"], /--studio <dir>/],
    [["list-plugins"], /--studio <dir>/],
    [["emulator"], /emulator ayon --help[\s\S]*emulator shotgrid --help/],
    [["emulator", "ayon"], /--api-key KEY[\s\S]*--latency-ms N[\s\S]*--seed-project NAME/],
    [["emulator", "shotgrid"], /--script NAME[\s\S]*--demo-project/],
  ])("%j --help shows its usage and options, and runs nothing", async (command, options) => {
    const result = await cli(...command, "--help");
    expect(result.code).toBe(0);
    expect(result.out).toMatch(new RegExp(`^Usage: ayon-sg-runtime ${command.join(" ")}\\b`));
    expect(result.out).toMatch(options);
    expect(result.err).toBe("");
  });

  it("sandbox --help without a sandbox to hand over to shows core's help and what is missing", async () => {
    const result = await cli("sandbox", "--studio", join(tmpdir(), "ayon-sg-no-such-studio"), "--help");
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Usage: ayon-sg-runtime sandbox \[options\]/);
    expect(result.out).toMatch(/there is no package\.json/);
  });

  it("-v prints the version", async () => {
    expect(await cli("-v")).toEqual({ code: 0, out: `${CORE_VERSION}\n`, err: "" });
  });
});

describe("wrong usage", () => {
  it.each([
    [["bogus"], /unknown command 'bogus'/],
    [["run", "--bogus"], /unknown option '--bogus'/],
    [["check", "extra"], /too many arguments for 'check'/],
    [["list-plugins", "--studio"], /option '--studio <dir>' argument missing/],
    [["emulator"], /which emulator\?/],
    [["emulator", "kitsu"], /unknown emulator 'kitsu'/],
    [["emulator", "ayon", "--port", "1"], /--api-key is required/],
    [["emulator", "ayon", "--api-key", "k", "--port", "70000"], /--port must be at most 65535/],
    [["emulator", "shotgrid", "--key", "k", "--script", "a"], /--script a needs a --key/],
  ])("%j exits 2 and says why on stderr", async (argv, message) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.out).toBe("");
  });
});

describe("a subcommand is one registration", () => {
  it("adds itself with its options, answers --help, and its action's exit code is the process's", async () => {
    const greet: CliCommand = (program, context) => {
      program
        .command("greet")
        .description("say hello")
        .requiredOption("--name <name>", "who to greet")
        .action((options: { name: string }) => {
          context.out.write(`hello ${options.name}\n`);
          context.exitCode = 5;
        });
    };
    const io = captureIo();
    expect(await runCli(["greet", "--name", "TD"], io, [...COMMANDS, greet])).toBe(5);
    expect(io.outText()).toBe("hello TD\n");
    const help = captureIo();
    expect(await runCli(["--help"], help, [...COMMANDS, greet])).toBe(0);
    expect(help.outText()).toMatch(/^  greet \[options\] +say hello$/m);
  });
});
