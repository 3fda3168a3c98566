// `ayon-sg-runtime new-plugin` on the command line: its help, wrong usage, and a directory written where --dir says.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { runCli } from "../program.js";
import { captureIo } from "../program.test-helpers.js";

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, out: io.outText(), err: io.errText() };
}

describe("ayon-sg-runtime new-plugin", () => {
  it("is listed in the program's help, and answers --help with its argument and options", async () => {
    expect((await cli("--help")).out).toMatch(/^  new-plugin \[options\] <name> +write a studio directory with a plugin/m);
    const help = await cli("new-plugin", "--help");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: ayon-sg-runtime new-plugin \[options\] <name>/);
    expect(help.out).toMatch(/--dir <dir>[\s\S]*--from <dir>/);
  });

  it("writes the studio directory where --dir says and prints the next steps", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "ayon-sg-new-plugin-cli-")), "studio");
    const result = await cli("new-plugin", "approval-flag", "--dir", dir);
    expect(result).toMatchObject({ code: 0, err: "" });
    expect(result.out).toContain("with the plugin 'approval-flag'");
    expect(result.out).toContain("pnpm install\n  pnpm test\n");
    for (const file of ["package.json", "tsconfig.json", "src/index.ts", "src/approval-flag.test.ts"]) expect(existsSync(join(dir, file))).toBe(true);
  });

  it.each([
    [[], /missing required argument 'name'/],
    [["Approval"], /'Approval' is not a usable plugin name/],
    [["approval-flag", "--from", join(tmpdir(), "ayon-sg-no-such-release")], /no such directory/],
  ])("%j is wrong usage: exit 2 and one sentence on stderr", async (args, message) => {
    const result = await cli("new-plugin", ...args);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err).not.toMatch(/\n\s+at /);
  });
});
