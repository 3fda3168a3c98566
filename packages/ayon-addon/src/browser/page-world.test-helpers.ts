// The world of the page's Chromium tests: the packaged addon installed into an AYON emulator with the test's
// users (optionally a ShotGrid emulator with a script user), one headless Chromium, and pages opened as a user,
// logged in through POST /api/auth/login like AYON's UI. Who answers the page's requests (a ScriptedRuntime, the
// in-process runtime, the real binary) is each test's own choice; `runtimeBase()` wires the in-process one.
import { ShotgridClient } from "@ayon-sg/shotgrid";
import type { TestRuntimeOptions } from "@ayon-sg/testing";
import { startAyonEmulator, startShotgridEmulator, type AyonEmulator, type AyonEmulatorOptions, type ShotgridEmulator } from "@ayon-sg/testkit";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { installAddon } from "../install/install-addon.js";
import { REPO_ROOT } from "../packaging/paths.js";
import { packageIntoTempDir, type TempPackage } from "../packaging/temp-package.js";
import { loginToAyon } from "./ayon-login.js";
import { launchChromium } from "./chromium.js";
import { AddonPageDriver, type OpenAddonPageOptions } from "./page-driver.js";

export interface PageUser {
  name: string;
  password: string;
  isManager?: boolean;
}

export interface PageWorldOptions {
  /** The AYON service key the addon is installed with (and the runtime uses). */
  serviceKey: string;
  users: PageUser[];
  /** Starts a ShotGrid emulator with this script user. */
  shotgridScript?: { name: string; key: string };
  /** More AYON emulator options (attributes...). */
  ayon?: Omit<AyonEmulatorOptions, "apiKey" | "users">;
}

/** Where the page tests leave their screenshots. */
export const ARTIFACTS = join(REPO_ROOT, ".artifacts");

export class PageWorld {
  private page: AddonPageDriver | null = null;

  private constructor(
    readonly options: PageWorldOptions,
    readonly ayon: AyonEmulator,
    private readonly sgEmulator: ShotgridEmulator | null,
    readonly pkg: TempPackage,
    readonly browser: Browser,
  ) {}

  static async start(options: PageWorldOptions): Promise<PageWorld> {
    const pkg = await packageIntoTempDir();
    const [ayon, sg] = await Promise.all([
      startAyonEmulator({ ...options.ayon, apiKey: options.serviceKey, users: options.users.map((u) => ({ name: u.name, password: u.password, isManager: u.isManager === true })) }),
      options.shotgridScript ? startShotgridEmulator({ scripts: [options.shotgridScript] }) : Promise.resolve(null),
    ]);
    await installAddon({ ayonUrl: ayon.url, apiKey: options.serviceKey, zip: pkg.zip, name: "shotgrid", version: pkg.packaged.version });
    await mkdir(ARTIFACTS, { recursive: true });
    return new PageWorld(options, ayon, sg, pkg, await launchChromium());
  }

  /** The ShotGrid emulator (only when the world was started with a script user). */
  get sg(): ShotgridEmulator {
    if (!this.sgEmulator) throw new Error("this page world has no ShotGrid emulator: start it with shotgridScript");
    return this.sgEmulator;
  }

  /** What every in-process runtime of these tests shares: this AYON, and this ShotGrid through its script user. */
  runtimeBase(): Pick<TestRuntimeOptions, "ayon" | "settings" | "services"> {
    const script = this.options.shotgridScript;
    return {
      ayon: { url: this.ayon.url, apiKey: this.options.serviceKey },
      ...(script
        ? {
            settings: { shotgrid_server: this.sg.url },
            services: [{ token: ShotgridClient, value: new ShotgridClient({ siteUrl: this.sg.url, scriptName: script.name, scriptKey: script.key }) }],
          }
        : {}),
    };
  }

  /** Opens the page as `user`; the page opened before is closed first (closePage() closes the last one). */
  async open(user: PageUser, options: Pick<OpenAddonPageOptions, "replyTimeoutMs" | "onPage"> = {}): Promise<AddonPageDriver> {
    await this.closePage();
    const accessToken = await loginToAyon(this.ayon.url, user.name, user.password);
    this.page = await AddonPageDriver.open({ ayonUrl: this.ayon.url, accessToken, addonVersion: this.pkg.packaged.version, browser: this.browser, ...options });
    return this.page;
  }

  async closePage(): Promise<void> {
    await this.page?.close();
    this.page = null;
  }

  async close(): Promise<void> {
    await this.closePage();
    await this.browser.close();
    await Promise.all([this.ayon.close(), this.sgEmulator?.close()]);
    await this.pkg.cleanup();
  }
}
