import { UserError } from "../../config/user-error.js";
import { describeError } from "../../plugin/errors.js";
import { loadedPlugins } from "../../plugin/discovery.js";
import { Runtime, serviceContext } from "../../runtime/runtime.js";
import { Secrets } from "../../runtime/tokens.js";
import { bootstrap, connectToAyon, createAyonClient, loadAddonSettings, studioRuntimeOptions } from "../bootstrap.js";
import { Writable } from "node:stream";

/**
 * `check`: connectivity, credentials, settings, plugins and each plugin service (e.g. ShotGrid credentials),
 * one line each. Exit 0 when everything works, 1 otherwise.
 */
export async function checkCommand(options: { studioDir?: string; out: NodeJS.WritableStream }): Promise<number> {
  const out = options.out;
  const ok = (text: string) => out.write(`✓ ${text}\n`);
  const bad = (text: string) => out.write(`✗ ${text}\n`);
  let failures = 0;

  const booted = await bootstrap({ studioDir: options.studioDir, stream: devNull() });
  const { env, logger, redactor, manifest, reports } = booted;
  const ayon = createAyonClient(env, logger);
  const server = await connectToAyon(ayon, env).catch((error: unknown) => {
    if (error instanceof UserError) {
      bad(error.message);
      return null;
    }
    throw error;
  });
  if (!server) return 1;
  ok(`AYON ${server.version} answers at ${env.serverUrl}`);
  if (server.isService) ok(`the API key is accepted: service user '${server.user}'`);
  else {
    bad(`the API key belongs to '${server.user}', which is not a service user (enroll needs one)`);
    failures++;
  }

  let settings;
  try {
    settings = await loadAddonSettings(ayon, env, logger);
    const addon = settings.addonName;
    ok(settings.addonVersion ? `addon settings of ${addon} ${settings.addonVersion} are readable` : addon ? `the ${addon} addon is not installed: no addon settings` : "no plugin declares an addon: no addon settings");
  } catch (error) {
    bad(describeError(error));
    return 1;
  }

  const plugins = loadedPlugins(reports);
  const failed = reports.filter((r) => r.status === "failed");
  for (const report of failed) bad(`plugin package ${report.packageName}: ${report.reason}`);
  failures += failed.length;
  ok(`${plugins.length} plugin(s) loaded from ${manifest.dir}${plugins.length ? `: ${plugins.map((p) => p.id).join(", ")}` : ""}`);

  // The very checks `run` makes before it starts anything (Runtime.prepare), with every plugin's services
  // declared: nothing is created here; the services are tried one by one below.
  try {
    Runtime.prepare(studioRuntimeOptions(booted, ayon, logger, settings));
    ok("plugin configs are valid, every handler's and source's constructor can be served, and the handlers' topics do not conflict");
  } catch (error) {
    for (const line of describeError(error).split("\n")) bad(line);
    failures++;
  }

  const secrets = new Secrets(ayon);
  const seen = new Set<unknown>();
  for (const plugin of plugins) {
    for (const provider of plugin.services) {
      if (seen.has(provider.token)) continue;
      seen.add(provider.token);
      const ctx = serviceContext({ logger, ayon, settings, redact: (s) => redactor.add(s) }, secrets, provider.name);
      try {
        const instance = await provider.create(ctx);
        ok(provider.check ? await provider.check(instance, ctx) : `${provider.name} starts`);
        await provider.dispose?.(instance);
      } catch (error) {
        bad(`${provider.name}: ${describeError(error)}`);
        failures++;
      }
    }
  }
  out.write(failures === 0 ? "\nAll checks passed.\n" : `\n${failures} check(s) failed.\n`);
  return failures === 0 ? 0 : 1;
}

/** `check` prints its own lines; the runtime's log output would only repeat them. */
function devNull(): NodeJS.WritableStream {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
