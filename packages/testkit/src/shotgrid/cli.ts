// `ayon-sg-runtime emulator shotgrid …`: starts the ShotGrid emulator and keeps it up until SIGINT/SIGTERM.
//   --port N              listen port (default 0 = any free port)
//   --script NAME         script name (repeatable; pairs with the next --key)
//   --key KEY             that script's key (default for the single default script: sg-key)
//   --token-lifetime S    access token lifetime in seconds (default 600)
//   --latency-ms N        latency added to every request
//   --fresh-site          schema without any sg_ayon_* field
//   --gap-mode            event log ids with holes that commit late
//   --demo-project NAME   seed a project (3 episodes, 12 sequences, 300 shots, 60 assets, 5 tasks each)
import { generateShotgridProject, type ShotgridProjectSpec } from "../fixtures/shotgrid-project.js";
import { startShotgridEmulator, DEFAULT_SCRIPT, type ShotgridEmulator, type ShotgridEmulatorOptions } from "./rest/server.js";
import type { ScriptCredential } from "./rest/auth.js";

const USAGE =
  "usage: emulator shotgrid [--port N] [--script NAME --key KEY]... [--token-lifetime S] [--latency-ms N] [--fresh-site] [--gap-mode] [--demo-project NAME]";

export const SHOTGRID_EMULATOR_USAGE = `Usage: ayon-sg-runtime emulator shotgrid [options]

Starts a ShotGrid REST v1 emulator on loopback and keeps it up until SIGINT/SIGTERM.

Options:
  --port N              listen port (default 0: any free port; the URL is printed)
  --script NAME         a script user (repeatable; pairs with the next --key)
  --key KEY             that script's key (alone: the key of the default script "ayon-sg", default sg-key)
  --token-lifetime S    access token lifetime in seconds (default 600)
  --latency-ms N        latency added to every request (default 0)
  --fresh-site          a schema without any sg_ayon_* field (a site the addon never touched)
  --gap-mode            event log ids with holes that commit late
  --demo-project NAME   seed project NAME (3 episodes, 12 sequences, 300 shots, 60 assets, 5 tasks each)
  -h, --help            show this help
`;

export interface ShotgridCliOptions extends ShotgridEmulatorOptions {
  demoProject?: string;
  /** `--help`: print the usage and start nothing. */
  help?: boolean;
}

/** The sandbox's demo project: the example size. */
export function demoProjectSpec(name: string, autoSync: boolean): ShotgridProjectSpec {
  return {
    name,
    episodes: 3,
    sequences: 12,
    shots: 300,
    assets: 60,
    assetCategories: ["Character", "Prop", "Environment", "Vehicle"],
    tasksPerEntity: 5,
    ...(autoSync ? { autoSync: true } : {}),
  };
}

export function parseShotgridCliArgs(argv: readonly string[]): ShotgridCliOptions {
  const opts: ShotgridCliOptions = {};
  if (argv.includes("--help") || argv.includes("-h")) return { help: true };
  const scripts: Array<Partial<ScriptCredential>> = [];
  const number = (flag: string, raw: string | undefined): number => {
    const n = Number(raw);
    if (raw === undefined || raw.trim() === "" || !Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number >= 0\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case "--port":
        opts.port = number(flag, value());
        break;
      case "--script":
        scripts.push({ name: value() });
        break;
      case "--key": {
        const key = value();
        const last = scripts[scripts.length - 1];
        if (last && last.key === undefined) last.key = key;
        else scripts.push({ name: DEFAULT_SCRIPT.name, key });
        break;
      }
      case "--token-lifetime":
        opts.tokenLifetimeSeconds = number(flag, value());
        break;
      case "--latency-ms":
        opts.latencyMs = number(flag, value());
        break;
      case "--fresh-site":
        opts.freshSite = true;
        break;
      case "--gap-mode":
        opts.gapMode = { enabled: true };
        break;
      case "--demo-project":
        opts.demoProject = value();
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (scripts.length > 0) {
    opts.scripts = scripts.map((s) => {
      if (!s.name) throw new Error(`--key without --script\n${USAGE}`);
      // The key is never printed: a missing one is an error, not a default to echo back.
      if (s.key === undefined) throw new Error(`--script ${s.name} needs a --key\n${USAGE}`);
      return { name: s.name, key: s.key };
    });
  }
  return opts;
}

/** Starts the emulator, prints its URL, and resolves once a signal has closed it. */
export async function runShotgridEmulatorCli(
  argv: readonly string[],
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  const { demoProject, help, ...opts } = parseShotgridCliArgs(argv);
  if (help) {
    out(SHOTGRID_EMULATOR_USAGE.trimEnd());
    return;
  }
  const emulator: ShotgridEmulator = await startShotgridEmulator(opts);
  if (demoProject) {
    const g = generateShotgridProject(emulator.store, demoProjectSpec(demoProject, !opts.freshSite));
    out(`Demo project '${demoProject}' seeded (Project id ${g.projectId})`);
  }
  out(`ShotGrid emulator listening on ${emulator.url}`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void emulator.close().then(resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
