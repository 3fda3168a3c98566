// @ayon-sg/reliability — private: the crash, outage, load, hostile-input and secrecy scenarios (README.md).
// The helpers are exported for the soak runner and for anyone writing a new scenario.
export { seededRandom, runSeed, type SeededRandom } from "./seeded-random.js";
export { currentProfile, timeoutFor, type Profile, type ProfileName } from "./profile.js";
export { recordFigures, clearFigures, readAllFigures, formatFigures, FIGURES_DIR, type Figures } from "./figures.js";
export { scanForSecrets, type NamedSecret, type CapturedText, type SecretFinding } from "./secret-scan.js";
export { Capture, safeJson } from "./capture.js";
export { LEDGER_TOPIC, LEDGER_PLUGIN_SOURCE, readLedger, ledgerProblems, NO_LEDGER_PROBLEMS, type LedgerLine, type LedgerProblems } from "./ledger.js";
export { World, logLines, waitUntil, ADDON, AYON_KEY, SCRIPT, SCRIPT_KEY_SECRET, type PluginChoice, type WorldOptions } from "./world.js";
