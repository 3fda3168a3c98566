/** `new-plugin NAME [--dir DIR] [--from DIR]`: writes a studio directory with a plugin, its test, and a working `pnpm test`. */
import type { CliCommand } from "../usage.js";
import { describeScaffold, newPlugin } from "../../scaffold/new-plugin.js";

export const newPluginRegistration: CliCommand = (program, context) => {
  program
    .command("new-plugin")
    .description("write a studio directory with a plugin, its test against the AYON emulator and a working 'pnpm test'")
    .argument("<name>", "the package name and plugin id: lowercase letters, digits and dashes (e.g. approval-flag)")
    .option("--dir <dir>", "where to write it (default: ./<name>); must be absent or empty")
    .option("--from <dir>", "a folder with the @ayon-sg release tarballs ('pnpm release:pack' output), installed from vendor/")
    .action((name: string, options: { dir?: string; from?: string }) => {
      const result = newPlugin({ name, dir: options.dir, from: options.from });
      context.out.write(describeScaffold(result));
    });
};
