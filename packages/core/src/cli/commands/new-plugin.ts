/** `new-plugin NAME [--dir DIR] [--from DIR]`: writes a studio directory with a plugin, its test, and a working `pnpm test`. */
import { describeScaffold, newPlugin } from "../../scaffold/new-plugin.js";

export interface NewPluginCommandOptions {
  name: string;
  dir?: string;
  from?: string;
  out: NodeJS.WritableStream;
}

export function newPluginCommand(options: NewPluginCommandOptions): number {
  const result = newPlugin({ name: options.name, dir: options.dir, from: options.from });
  options.out.write(describeScaffold(result));
  return 0;
}
