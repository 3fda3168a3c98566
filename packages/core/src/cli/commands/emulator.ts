import { UserError } from "../../config/user-error.js";

/** `emulator ayon|shotgrid [...]`: starts an emulator alone (for trying things by hand and for other processes). */
export async function emulatorCommand(args: string[]): Promise<number> {
  const [kind, ...rest] = args;
  const testkit = await import("@ayon-sg/testkit");
  if (kind === "ayon") await testkit.runAyonEmulatorCli(rest);
  else if (kind === "shotgrid") await testkit.runShotgridEmulatorCli(rest);
  else throw new UserError(`unknown emulator '${kind ?? ""}': use 'emulator ayon' or 'emulator shotgrid'.`, 2);
  return 0;
}
