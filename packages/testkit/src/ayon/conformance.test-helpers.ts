// ayon-sg's own AyonClient (packages/core), pointed at an emulator, so each conformance test runs the
// project's client through the rule it pins. Imported by path: core depends on testkit, not the reverse.
import { AyonClient } from "../../../core/src/ayon/client.js";
import { SERVICE_KEY } from "./emulator.test-helpers.js";

export { AyonClient };
export { AyonHttpError, AyonOperationsError } from "../../../core/src/ayon/errors.js";

/** The client as ayon-sg builds it, without retries (a conformance test wants the first answer). */
export function ayonSgClient(url: string, apiKey = SERVICE_KEY): AyonClient {
  return new AyonClient({ serverUrl: url, apiKey, retry: { limit: 0 } });
}
