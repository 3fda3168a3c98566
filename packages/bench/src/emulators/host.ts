#!/usr/bin/env node
// Child-process entry of one emulator: `node host.js <ayon|shotgrid> '<options json>'`, forked with an IPC
// channel by EmulatorProcess. It starts the emulator in this process (so its CPU and memory are its own),
// answers the driver's commands and exits when the driver disconnects or sends SIGTERM.
import type { HostRequest, HostResponse } from "./protocol.js";
import { startAyonHost } from "./ayon-host.js";
import { startShotgridHost } from "./shotgrid-host.js";

type Commands = Record<string, (args: never) => unknown>;

async function main(): Promise<void> {
  const [kind, rawOptions] = process.argv.slice(2);
  if (!process.send) throw new Error("the emulator host must be forked with an IPC channel");
  const options = JSON.parse(rawOptions ?? "{}") as Record<string, unknown>;
  const host = kind === "ayon" ? await startAyonHost(options) : kind === "shotgrid" ? await startShotgridHost(options) : null;
  if (!host) throw new Error(`unknown emulator kind '${kind}' (ayon or shotgrid)`);
  const commands: Commands = host.commands;

  process.on("message", (message: HostRequest) => {
    void (async () => {
      let response: HostResponse;
      try {
        const command = commands[message.command];
        if (!command) throw new Error(`unknown command '${message.command}'`);
        response = { id: message.id, ok: true, result: await command(message.args as never) };
      } catch (error) {
        response = { id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      process.send?.(response);
    })();
  });
  const stop = () => void host.close().finally(() => process.exit(0));
  process.once("disconnect", stop);
  process.once("SIGTERM", stop);
  process.send({ ready: true, url: host.url });
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator host failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
