/** The sandbox's command line: demo size, pace of the live edits, ports, and --once. */
import { parseArgs } from "node:util";

export interface SandboxOptions {
  once: boolean;
  /** The ShotGrid project's name; the AYON project is named after it (lower case, `_` for the rest). */
  project: string;
  episodes: number;
  sequences: number;
  shots: number;
  assets: number;
  /** Tasks per Shot and per Asset. */
  tasks: number;
  /** Names with spaces, unicode, quotes and sibling duplicates (shows how names are made AYON-safe). */
  nasty: boolean;
  seed: number;
  /** Seconds between two live ShotGrid edits. */
  editInterval: number;
  /** Stop after this many live edits (0: until Ctrl-C). */
  edits: number;
  ayonPort: number;
  shotgridPort: number;
  pagePort: number;
  /** /healthz and /metrics (0: a free port). AYON_SG_METRICS_PORT wins when set. */
  metricsPort: number;
  /** Added to every emulator request, to feel a real server's round trips. */
  latencyMs: number;
  /** A real AYON server to use instead of the emulator (its URL), or null for the emulator. */
  ayonUrl: string | null;
  /** The key for --ayon given on the command line (else AYON_API_KEY); never printed. */
  ayonKey: string | null;
  help: boolean;
}

export const DEFAULT_OPTIONS: SandboxOptions = {
  once: false,
  project: "Sandbox Demo",
  episodes: 3,
  sequences: 12,
  shots: 300,
  assets: 60,
  tasks: 5,
  nasty: false,
  seed: 1,
  editInterval: 2,
  edits: 0,
  ayonPort: 0,
  shotgridPort: 0,
  pagePort: 0,
  metricsPort: 0,
  latencyMs: 0,
  ayonUrl: null,
  ayonKey: null,
  help: false,
};

export const SANDBOX_USAGE = `Usage: ayon-sg-runtime sandbox [options]     (from a clone: pnpm sandbox [options])

Starts an AYON emulator and a ShotGrid emulator in this process, sets AYON up like a deployment (addon
installed, settings saved, script key in a secret, a service user), seeds a demo ShotGrid project with
auto-sync on, runs the runtime with the studio directory's plugins, imports and syncs the project, then
makes a slow trickle of ShotGrid edits so you can watch them reach AYON. Ctrl-C stops it.

Options:
  --once                import, sync, verify (AYON equals ShotGrid, every ShotGrid entity linked), print
                        the counts and exit: 0 when verified, 1 with the reason otherwise; with --edits N,
                        then N live edits and a summary (exit 1 when one is not applied or a job fails)
  --project NAME        the ShotGrid project's name (default "${DEFAULT_OPTIONS.project}")
  --episodes N          episodes (default ${DEFAULT_OPTIONS.episodes}; 0 for a feature)
  --sequences N         sequences in all (default ${DEFAULT_OPTIONS.sequences})
  --shots N             shots in all (default ${DEFAULT_OPTIONS.shots})
  --assets N            assets in all (default ${DEFAULT_OPTIONS.assets})
  --tasks N             tasks per shot and per asset (default ${DEFAULT_OPTIONS.tasks})
  --nasty               names with spaces, unicode, quotes and duplicates
  --seed N              the demo's random seed (default ${DEFAULT_OPTIONS.seed})
  --edit-interval S     seconds between two live edits (default ${DEFAULT_OPTIONS.editInterval})
  --edits N             stop after N live edits (default: until Ctrl-C)
  --ayon-port N         AYON emulator port (default: a free one)
  --shotgrid-port N     ShotGrid emulator port (default: a free one)
  --page-port N         port of the addon page host (default: a free one)
  --metrics-port N      port of /healthz and /metrics (default: a free one; AYON_SG_METRICS_PORT wins)
  --latency-ms N        latency added to every emulator request (default 0)
  --ayon URL            use this real AYON server instead of the emulator: the addon is installed and
                        configured through its API (upload, restart, bundle if none, secret, settings)
  --ayon-key KEY        an admin's or service user's API key for --ayon (default: $AYON_API_KEY); a
                        service user's key also runs the runtime, an admin's gets a new service user
  --studio DIR          run the plugins of this studio directory instead of the built-in ones
  -h, --help            show this help

Environment: LOG_LEVEL (default info), LOG_FORMAT (default pretty; json or auto).
`;

/** A problem with the command line (exit code 2). */
export class SandboxUsageError extends Error {
  override readonly name = "SandboxUsageError";
}

const COUNTS = ["episodes", "sequences", "shots", "assets", "tasks", "edits", "seed"] as const;
const PORTS = ["ayon-port", "shotgrid-port", "page-port", "metrics-port"] as const;

export function parseSandboxArgs(argv: readonly string[]): SandboxOptions {
  const stringOption = { type: "string" } as const;
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        once: { type: "boolean" },
        nasty: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        project: stringOption,
        "edit-interval": stringOption,
        "latency-ms": stringOption,
        ayon: stringOption,
        "ayon-key": stringOption,
        ...Object.fromEntries(COUNTS.map((k) => [k, stringOption])),
        ...Object.fromEntries(PORTS.map((k) => [k, stringOption])),
      },
    }));
  } catch (error) {
    throw new SandboxUsageError((error as Error).message);
  }
  const options: SandboxOptions = { ...DEFAULT_OPTIONS, once: values.once === true, nasty: values.nasty === true, help: values.help === true };
  const whole = (flag: string, max: number): number | undefined => {
    const raw = values[flag];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (typeof raw !== "string" || raw.trim() === "" || !Number.isInteger(n) || n < 0 || n > max) {
      throw new SandboxUsageError(`--${flag} must be a whole number from 0 to ${max}, got '${String(raw)}'`);
    }
    return n;
  };
  options.episodes = whole("episodes", 1000) ?? options.episodes;
  options.sequences = whole("sequences", 10_000) ?? options.sequences;
  options.shots = whole("shots", 100_000) ?? options.shots;
  options.assets = whole("assets", 100_000) ?? options.assets;
  options.tasks = whole("tasks", 50) ?? options.tasks;
  options.edits = whole("edits", 1_000_000) ?? options.edits;
  options.seed = whole("seed", 2 ** 31) ?? options.seed;
  options.ayonPort = whole("ayon-port", 65535) ?? options.ayonPort;
  options.shotgridPort = whole("shotgrid-port", 65535) ?? options.shotgridPort;
  options.pagePort = whole("page-port", 65535) ?? options.pagePort;
  options.metricsPort = whole("metrics-port", 65535) ?? options.metricsPort;
  options.latencyMs = whole("latency-ms", 10_000) ?? options.latencyMs;
  const interval = values["edit-interval"];
  if (interval !== undefined) {
    const seconds = Number(interval);
    if (typeof interval !== "string" || interval.trim() === "" || !Number.isFinite(seconds) || seconds < 0.05 || seconds > 3600) {
      throw new SandboxUsageError(`--edit-interval must be a number of seconds from 0.05 to 3600, got '${String(interval)}'`);
    }
    options.editInterval = seconds;
  }
  if (typeof values.ayon === "string") {
    let url: URL;
    try {
      url = new URL(values.ayon);
    } catch {
      throw new SandboxUsageError(`--ayon needs the server's URL (http://host:port), got '${values.ayon}'`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new SandboxUsageError(`--ayon needs an http(s) URL, got '${values.ayon}'`);
    options.ayonUrl = url.origin + url.pathname.replace(/\/+$/, "");
  }
  if (typeof values["ayon-key"] === "string") {
    if (options.ayonUrl === null) throw new SandboxUsageError("--ayon-key goes with --ayon URL (the emulator makes its own keys)");
    options.ayonKey = values["ayon-key"];
  }
  if (options.ayonUrl !== null && options.ayonPort !== 0) throw new SandboxUsageError("--ayon-port is the emulator's port; with --ayon there is no emulator");
  if (typeof values.project === "string") {
    const name = values.project.trim();
    if (!/[a-zA-Z0-9]/.test(name)) throw new SandboxUsageError(`--project needs a name with at least one letter or digit, got '${values.project}'`);
    options.project = name;
  }
  // The same rules the generator checks, said in terms of the options.
  if (options.shots > 0 && options.sequences === 0) throw new SandboxUsageError("--shots needs at least one sequence (--sequences)");
  return options;
}

/** The AYON project name and code made from the ShotGrid name ("Sandbox Demo" → sandbox_demo, both). */
export function ayonNamesFor(sgName: string): { name: string; code: string } {
  const slug = sgName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents go, their letters stay
    .replace(/[^a-zA-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase()
    .slice(0, 55);
  const name = /^[a-z]/.test(slug) ? slug : `p_${slug}`.slice(0, 55);
  return { name, code: name };
}
