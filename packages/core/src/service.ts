// @ayon-sg/core/service — the runtime as `run` starts it, for tools that embed it in their own process (the
// sandbox), and the terminal progress display. A subpath of its own: it loads winston and the HTTP ops server,
// which plugins importing "@ayon-sg/core" do not need.
export { startRuntimeService, type RuntimeService, type RuntimeServiceOptions } from "./cli/runtime-service.js";
export { ProgressDisplay, labelOf, type ProgressDisplayOptions, type ProgressStream } from "./cli/progress-display.js";
export { SANDBOX_PACKAGE, type SandboxEntryPoint } from "./cli/commands/sandbox.js";
