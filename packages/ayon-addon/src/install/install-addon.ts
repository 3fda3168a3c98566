// Uploads an addon zip to AYON (POST /api/addons/install, raw zip body, admin; ayon-api.md §7) and waits
// until its page is served. A real server unpacks in the background and loads the addon's Python part
// only after a restart; the static frontend files are served as soon as they are unpacked.

export interface InstallAddonOptions {
  ayonUrl: string;
  /** An admin's (or service user's) API key. Sent only in the x-api-key header. */
  apiKey: string;
  zip: Uint8Array;
  name: string;
  version: string;
  timeoutMs?: number;
}

export async function installAddon(options: InstallAddonOptions): Promise<{ eventId: string }> {
  const response = await fetch(`${options.ayonUrl}/api/addons/install`, {
    method: "POST",
    headers: { "x-api-key": options.apiKey, "content-type": "application/zip" },
    body: options.zip,
  });
  const body = (await response.json().catch(() => null)) as { eventId?: string; detail?: string } | null;
  if (!response.ok || !body?.eventId) {
    throw new Error(`AYON refused the addon zip: ${response.status} ${body?.detail ?? ""}`.trim());
  }
  const pageUrl = `${options.ayonUrl}/addons/${options.name}/${options.version}/frontend/index.html`;
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const page = await fetch(pageUrl);
    await page.arrayBuffer();
    if (page.ok) return { eventId: body.eventId };
    if (Date.now() > deadline) throw new Error(`the addon page is still not served at ${pageUrl} (${page.status})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
