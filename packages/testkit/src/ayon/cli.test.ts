import { describe, it, expect } from "@jest/globals";
import { AYON_EMULATOR_USAGE, parseAyonCliArgs, runAyonEmulatorCli } from "./cli.js";

describe("AYON emulator CLI", () => {
  it("parses --port, --api-key, --latency-ms (also with =)", () => {
    expect(parseAyonCliArgs(["--port", "5055", "--api-key=abc", "--latency-ms", "20"])).toEqual({ port: 5055, host: "127.0.0.1", apiKey: "abc", latencyMs: 20 });
  });

  it("rejects unknown flags, bad numbers and a missing key with clear messages", () => {
    expect(() => parseAyonCliArgs(["--api-key", "k", "--nope"])).toThrow(/Unknown option --nope/);
    expect(() => parseAyonCliArgs(["--api-key", "k", "--port", "x"])).toThrow(/--port must be a non-negative integer/);
    expect(() => parseAyonCliArgs(["--port", "1"])).toThrow(/--api-key is required/);
    expect(() => parseAyonCliArgs(["--api-key"])).toThrow(/Missing value for --api-key/);
  });

  it("answers --help with its options, starting nothing and needing no key", async () => {
    expect(parseAyonCliArgs(["--port", "1", "--help"])).toMatchObject({ help: true });
    const lines: string[] = [];
    await runAyonEmulatorCli(["-h"], (l) => lines.push(l));
    expect(lines).toEqual([AYON_EMULATOR_USAGE.trimEnd()]);
    for (const flag of ["--api-key", "--port", "--host", "--latency-ms", "--seed-project", "--help"]) expect(AYON_EMULATOR_USAGE).toContain(flag);
  });

  it("seeds a demo project with --seed-project before it says where it listens", async () => {
    expect(parseAyonCliArgs(["--api-key", "k", "--seed-project", "demo"])).toMatchObject({ seedProject: "demo" });
    const lines: string[] = [];
    const key = "SeedKey0123456789abcdefghijklmno";
    const running = runAyonEmulatorCli(["--api-key", key, "--seed-project", "cli_demo"], (l) => lines.push(l));
    for (let i = 0; i < 200 && lines.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(lines[0]).toBe("Demo project 'cli_demo' seeded (18 folders, 20 tasks)");
    const url = lines[1]!.split(" ").at(-1)!;
    const folders = await fetch(`${url}/api/projects/cli_demo/folders`, { headers: { "x-api-key": key } });
    expect(((await folders.json()) as { folders: unknown[] }).folders).toHaveLength(18);
    process.emit("SIGTERM");
    await running;
  });

  it("prints where it listens, serves with the key, and stops on SIGTERM without printing the key", async () => {
    const lines: string[] = [];
    const key = "CliKey0123456789abcdefghijklmnop";
    const running = runAyonEmulatorCli(["--api-key", key], (l) => lines.push(l));
    for (let i = 0; i < 100 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(lines[0]).toMatch(/^AYON emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.join("\n")).not.toContain(key);
    const url = lines[0]!.split(" ").at(-1)!;
    const me = await fetch(`${url}/api/users/me`, { headers: { "x-api-key": key } });
    expect(((await me.json()) as { name: string }).name).toBe("service");
    process.emit("SIGTERM");
    await running;
    await expect(fetch(`${url}/api/info`)).rejects.toThrow();
  });
});
