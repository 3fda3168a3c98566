import { describeError } from "../../plugin/errors.js";
import { startRuntimeService } from "../runtime-service.js";

/** `run`: load the plugins, connect, and process events until SIGINT/SIGTERM. */
export async function runCommand(options: { studioDir?: string }): Promise<number> {
  const service = await startRuntimeService({ studioDir: options.studioDir });
  const signal = await new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  service.logger.info(`${signal} received: stopping (running jobs get their grace period)`);
  try {
    await service.stop();
  } catch (error) {
    service.logger.error(`shutdown did not complete cleanly: ${describeError(error)}`);
    return 1;
  }
  return 0;
}
