// Drives the addon's settings page in headless Chromium the way a user would, inside a host page that
// embeds it like the AYON UI does. Collects every problem the page shows the browser (console errors and
// warnings, uncaught errors, failed requests, HTTP statuses ≥ 400) so a test can fail on them.
// Independent of who answers the page's requests: a test may play the runtime (scripted-runtime.ts) or
// run the real ayon-sg runtime against the same AYON.
import type { Browser, FrameLocator, Locator, Page } from "playwright-core";
import { launchChromium } from "./chromium.js";
import { hostPageHtml } from "./host-page.js";

export interface OpenAddonPageOptions {
  /** AYON (or the emulator) serving the installed addon. */
  ayonUrl: string;
  /** A logged-in manager's bearer token, handed to the page like AYON does. */
  accessToken: string;
  addonVersion: string;
  addonName?: string;
  /** Shortens the page's wait for a first reply (default 20 s) through ?replyTimeoutMs=. */
  replyTimeoutMs?: number;
  /** Reuse a browser; by default the driver launches (and closes) its own. */
  browser?: Browser;
  /** Called with the page before it loads (e.g. to watch its requests from the first one). */
  onPage?: (page: Page) => void;
}

export type JobStatusName = "pending" | "in_progress" | "finished" | "failed" | "error";

export class AddonPageDriver {
  readonly problems: string[] = [];
  private closing = false;

  private constructor(
    readonly page: Page,
    private readonly ownBrowser: Browser | null,
  ) {}

  static async open(options: OpenAddonPageOptions): Promise<AddonPageDriver> {
    const browser = options.browser ?? (await launchChromium());
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const driver = new AddonPageDriver(page, options.browser ? null : browser);
    driver.watchProblems();
    options.onPage?.(page);

    const addonName = options.addonName ?? "shotgrid";
    const query = options.replyTimeoutMs ? `?replyTimeoutMs=${options.replyTimeoutMs}` : "";
    const frameUrl = `${options.ayonUrl}/addons/${addonName}/${options.addonVersion}/frontend/${query}`;
    // The host page is answered by the browser itself, on AYON's origin, as AYON's own UI would be.
    const hostUrl = `${options.ayonUrl}/__test-host__/settings.html`;
    const html = hostPageHtml(frameUrl, {
      accessToken: options.accessToken,
      addonName,
      addonVersion: options.addonVersion,
      scope: "studio",
    });
    await page.route(hostUrl, (route) => route.fulfill({ status: 200, contentType: "text/html", body: html }));
    await page.goto(hostUrl);
    return driver;
  }

  private watchProblems(): void {
    const note = (problem: string) => {
      if (!this.closing) this.problems.push(problem);
    };
    this.page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") note(`console ${message.type()}: ${message.text()}`);
    });
    this.page.on("pageerror", (error) => note(`uncaught error: ${error.message}`));
    this.page.on("requestfailed", (request) =>
      note(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? "?"})`),
    );
    this.page.on("response", (response) => {
      if (response.status() >= 400) note(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    });
  }

  get frame(): FrameLocator {
    return this.page.frameLocator("#addon");
  }

  byTestId(id: string): Locator {
    return this.frame.getByTestId(id);
  }

  listStatus = () => this.byTestId("list-status");
  listProblem = () => this.byTestId("list-problem");
  noRuntime = () => this.byTestId("no-runtime");
  projectDropdown = () => this.byTestId("project-dropdown");
  importButton = () => this.byTestId("import-button");
  importProblem = () => this.byTestId("import-problem");
  importJob = () => this.byTestId("import-job");
  importedProjects = () => this.byTestId("imported-projects");
  importedProject = (name: string) => this.byTestId(`imported-${name}`);
  syncButton = (name: string) => this.byTestId(`sync-${name}`);
  syncJob = (name: string) => this.byTestId(`sync-job-${name}`);

  /** The labels the project dropdown offers. */
  async projectOptions(): Promise<string[]> {
    await this.projectDropdown().getByRole("button").click();
    const options = this.frame.locator("ul.options li[data-value]"); // the open list of ayon-react-components
    await options.first().waitFor();
    const labels = (await options.allInnerTexts()).map((label) => label.trim()).filter(Boolean);
    await this.page.keyboard.press("Escape");
    return labels;
  }

  async chooseProject(label: string): Promise<void> {
    await this.projectDropdown().getByRole("button").click();
    await this.frame.getByText(label, { exact: true }).click();
  }

  async setProjectName(name: string): Promise<void> {
    await this.byTestId("project-name").fill(name);
  }

  async setProjectCode(code: string): Promise<void> {
    await this.byTestId("project-code").fill(code);
  }

  async waitForJobStatus(job: Locator, status: JobStatusName, timeoutMs = 10_000): Promise<void> {
    await job.and(this.frame.locator(`[data-status="${status}"]`)).waitFor({ timeout: timeoutMs });
  }

  /** aria-valuenow of the job's progress bar. */
  async progressOf(job: Locator): Promise<number> {
    return Number(await job.getByRole("progressbar").getAttribute("aria-valuenow"));
  }

  /** A computed style inside the page (e.g. to check that the AYON theme is applied). */
  async computedStyle(selector: string, property: string): Promise<string> {
    // Runs in the page; this package is compiled without the DOM library, hence the narrow cast.
    type StyleWindow = { getComputedStyle(element: unknown): { getPropertyValue(name: string): string } };
    return this.frame
      .locator(selector)
      .first()
      .evaluate((element, name) => (globalThis as unknown as StyleWindow).getComputedStyle(element).getPropertyValue(name), property);
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }

  assertNoProblems(): void {
    if (this.problems.length > 0) {
      throw new Error(`the page reported ${this.problems.length} problem(s):\n${this.problems.join("\n")}`);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.page.close();
    await this.ownBrowser?.close();
  }
}
