// @ayon-sg/sandbox — what `ayon-sg-runtime sandbox` runs (see packages/sandbox/README.md). The package is also a
// studio directory: its package.json lists the built-in plugins the sandbox runs.
import type { SandboxEntryPoint } from "@ayon-sg/core/service";
import { runSandbox } from "./sandbox.js";

export { runSandbox, type SandboxIo } from "./sandbox.js";
export { parseSandboxArgs, ayonNamesFor, DEFAULT_OPTIONS, SANDBOX_USAGE, type SandboxOptions } from "./options.js";
export { verifySync, formatCounts, type CountRow, type Verification } from "./verify.js";

// Checked here so a change of the contract with core's `sandbox` command fails the build.
export const entryPoint: SandboxEntryPoint = { runSandbox };
