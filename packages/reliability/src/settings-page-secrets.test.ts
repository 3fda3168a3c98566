// The settings page never receives the ShotGrid key: the packaged addon installed into the AYON emulator with
// its settings saved and the script key in an AYON secret, the page opened in real Chromium by a logged-in
// manager, and the real runtime (the project-sync plugin with a ShotGrid client holding the key) answering the
// page's list request. Every response the browser receives — HTML, scripts, settings, events, replies — is
// kept whole and scanned for the key (and the runtime's AYON key).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AddonPageDriver, installAddon, launchChromium, loginToAyon, packageIntoTempDir, type TempPackage } from "@ayon-sg/ayon-addon";
import { createTestRuntime, type TestRuntime } from "@ayon-sg/testing";
import projectSyncPlugin from "@ayon-sg/handler-project-sync";
import { ShotgridClient } from "@ayon-sg/shotgrid";
import { startAyonEmulator, startShotgridEmulator, type AyonEmulator, type ShotgridEmulator } from "@ayon-sg/testkit";
import { Capture } from "./capture.js";
import { recordFigures } from "./figures.js";
import { scanForSecrets } from "./secret-scan.js";
import { AYON_KEY, SCRIPT, SCRIPT_KEY_SECRET } from "./world.js";

const MANAGER = { name: "manager", password: "manager-password-7" };
type Browser = Awaited<ReturnType<typeof launchChromium>>;

let ayon: AyonEmulator;
let sg: ShotgridEmulator;
let pkg: TempPackage;
let browser: Browser;
let runtime: TestRuntime;
let driver: AddonPageDriver | null = null;

beforeAll(async () => {
  pkg = await packageIntoTempDir();
  [ayon, sg] = await Promise.all([
    startAyonEmulator({ apiKey: AYON_KEY, users: [{ name: MANAGER.name, password: MANAGER.password, isManager: true }] }),
    startShotgridEmulator({ scripts: [SCRIPT] }),
  ]);
  await installAddon({ ayonUrl: ayon.url, apiKey: AYON_KEY, zip: pkg.zip, name: "shotgrid", version: pkg.packaged.version });
  const headers = { "x-api-key": AYON_KEY, "content-type": "application/json" };
  const settings = { shotgrid_server: sg.url, service_settings: { script_name: SCRIPT.name, script_key: SCRIPT_KEY_SECRET } };
  const saved = await fetch(`${ayon.url}/api/addons/shotgrid/${pkg.packaged.version}/settings`, { method: "POST", headers, body: JSON.stringify(settings) });
  expect(saved.status).toBeLessThan(300);
  const secret = await fetch(`${ayon.url}/api/secrets/${SCRIPT_KEY_SECRET}`, { method: "PUT", headers, body: JSON.stringify({ value: SCRIPT.key }) });
  expect(secret.status).toBeLessThan(300);
  sg.store.create("Project", { name: "Secret Show", code: "secret_show" });

  runtime = await createTestRuntime({
    plugins: [projectSyncPlugin],
    ayon: { url: ayon.url, apiKey: AYON_KEY },
    settings,
    services: [{ token: ShotgridClient, value: new ShotgridClient({ siteUrl: sg.url, scriptName: SCRIPT.name, scriptKey: SCRIPT.key }) }],
  });
  await runtime.start();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await driver?.close();
  await browser?.close();
  await runtime?.stop();
  await Promise.all([ayon?.close(), sg?.close()]);
  await pkg?.cleanup();
});

describe("the settings page and the ShotGrid key", () => {
  it("lists the ShotGrid projects through the real runtime, and no response the browser receives holds a key", async () => {
    const token = await loginToAyon(ayon.url, MANAGER.name, MANAGER.password);
    const capture = new Capture();
    const pending: Array<Promise<void>> = [];
    let responses = 0;
    driver = await AddonPageDriver.open({ ayonUrl: ayon.url, accessToken: token, addonVersion: pkg.packaged.version, browser });
    driver.page.on("response", (response) => {
      responses += 1;
      pending.push(
        response
          .body()
          .then((body) => capture.add(`${response.request().method()} ${response.url()} → ${response.status()}`, `${JSON.stringify(response.headers())}\n${body.toString("utf8")}`))
          .catch(() => capture.add(`${response.url()} (no body)`, JSON.stringify(response.headers()))),
      );
    });
    await driver.page.reload(); // the listener now sees the page load from the start
    // The reload itself aborts the first load's requests: those are not the page's problems.
    const aborted = (problem: string) => /net::ERR_ABORTED|NS_BINDING_ABORTED/.test(problem);
    driver.problems.splice(0, driver.problems.length, ...driver.problems.filter((p) => !aborted(p)));
    await driver.projectDropdown().waitFor({ timeout: 30_000 });
    expect(await driver.projectOptions()).toContain("Secret Show (secret_show)");
    await Promise.all(pending);

    // The runtime's reply reached the browser: the path a leaked key would take is in the capture.
    expect([...capture].some((item) => item.source.includes("/graphql") && item.text.includes("Secret Show"))).toBe(true);
    // What the page could read with the manager's session: the settings name the secret, never hold its value.
    const asManager = await fetch(`${ayon.url}/api/addons/shotgrid/${pkg.packaged.version}/settings`, { headers: { authorization: `Bearer ${token}` } });
    const settingsText = await asManager.text();
    capture.add("addon settings as the manager", settingsText);
    expect(settingsText).toContain(SCRIPT_KEY_SECRET);
    expect(responses).toBeGreaterThan(3);
    const findings = scanForSecrets(capture, [
      { name: "ShotGrid script key", value: SCRIPT.key },
      { name: "AYON API key", value: AYON_KEY },
      ...sg.issuedTokens().map((value, i) => ({ name: `ShotGrid token #${i + 1}`, value })),
    ]);
    expect(findings).toEqual([]);
    driver.problems.splice(0, driver.problems.length, ...driver.problems.filter((p) => !aborted(p)));
    driver.assertNoProblems();
    recordFigures("settings-page", { responsesScanned: responses, capturedKilobytes: capture.bytes / 1000 });
  }, 90_000);
});
