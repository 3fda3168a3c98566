import { describe, it, expect } from "@jest/globals";
import { parseAyonCliArgs, runAyonEmulatorCli } from "./cli.js";

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
