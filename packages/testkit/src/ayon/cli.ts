// `ayon-sg-runtime emulator ayon ...` lands here: start the emulator, print where it listens, stay up
// until SIGINT/SIGTERM. The API key is never printed.
import { startAyonEmulator } from "./emulator.js";

export interface AyonCliOptions {
  port: number;
  host: string;
  apiKey: string;
  latencyMs: number;
}

export function parseAyonCliArgs(argv: string[]): AyonCliOptions {
  const out: AyonCliOptions = { port: 0, host: "127.0.0.1", apiKey: "", latencyMs: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`Missing value for ${flag}`);
      return v;
    };
    const integer = (name: string, v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${v}"`);
      return n;
    };
    switch (flag) {
      case "--port":
        out.port = integer("--port", value());
        if (out.port > 65535) throw new Error("--port must be at most 65535");
        break;
      case "--host":
        out.host = value();
        break;
      case "--api-key":
        out.apiKey = value();
        break;
      case "--latency-ms":
        out.latencyMs = integer("--latency-ms", value());
        break;
      default:
        throw new Error(`Unknown option ${flag} (expected --port, --host, --api-key, --latency-ms)`);
    }
  }
  if (!out.apiKey) throw new Error("--api-key is required (the emulator's service user authenticates with it)");
  return out;
}

/** Runs until SIGINT/SIGTERM; resolves once the server is closed. */
export async function runAyonEmulatorCli(argv: string[], log: (line: string) => void = (l) => console.log(l)): Promise<void> {
  const opts = parseAyonCliArgs(argv);
  const emulator = await startAyonEmulator({ port: opts.port, host: opts.host, apiKey: opts.apiKey, latencyMs: opts.latencyMs });
  log(`AYON emulator listening on ${emulator.url}`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await emulator.close();
}
