// `ayon-sg-runtime emulator ayon ...` lands here: start the emulator, print where it listens, stay up
// until SIGINT/SIGTERM. The API key is never printed.
import { seedAyonProject } from "../fixtures/ayon-project.js";
import { startAyonEmulator } from "./emulator.js";

export const AYON_EMULATOR_USAGE = `Usage: ayon-sg-runtime emulator ayon --api-key KEY [options]

Starts an AYON server emulator (ayon-backend 1.16) on loopback and keeps it up until SIGINT/SIGTERM.

Options:
  --api-key KEY         the API key of its service user "service" (required; never printed)
  --port N              listen port (default 0: any free port; the URL is printed)
  --host HOST           listen address (default 127.0.0.1)
  --latency-ms N        latency added to every request (default 0)
  --seed-project NAME   create project NAME with a small demo hierarchy (1 episode, 2 sequences, 6 shots,
                        4 assets, 2 tasks each), through the emulator's own API
  -h, --help            show this help
`;

export interface AyonCliOptions {
  port: number;
  host: string;
  apiKey: string;
  latencyMs: number;
  seedProject?: string;
  /** `--help`: print the usage and start nothing. */
  help?: boolean;
}

export function parseAyonCliArgs(argv: string[]): AyonCliOptions {
  const out: AyonCliOptions = { port: 0, host: "127.0.0.1", apiKey: "", latencyMs: 0 };
  if (argv.includes("--help") || argv.includes("-h")) return { ...out, help: true };
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
      case "--seed-project":
        out.seedProject = value();
        break;
      default:
        throw new Error(`Unknown option ${flag} (expected --port, --host, --api-key, --latency-ms, --seed-project; --help lists them)`);
    }
  }
  if (!out.apiKey) throw new Error("--api-key is required (the emulator's service user authenticates with it)");
  return out;
}

/** Runs until SIGINT/SIGTERM; resolves once the server is closed. */
export async function runAyonEmulatorCli(argv: string[], log: (line: string) => void = (l) => console.log(l)): Promise<void> {
  const opts = parseAyonCliArgs(argv);
  if (opts.help) {
    log(AYON_EMULATOR_USAGE.trimEnd());
    return;
  }
  const emulator = await startAyonEmulator({ port: opts.port, host: opts.host, apiKey: opts.apiKey, latencyMs: opts.latencyMs });
  if (opts.seedProject) {
    try {
      const seeded = await seedAyonProject({ url: emulator.url, apiKey: opts.apiKey }, { name: opts.seedProject });
      log(`Demo project '${seeded.name}' seeded (${seeded.folders.length} folders, ${seeded.tasks.length} tasks)`);
    } catch (error) {
      await emulator.close();
      throw error;
    }
  }
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
