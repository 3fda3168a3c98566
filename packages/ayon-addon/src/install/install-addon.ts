// Uploads an addon zip to AYON (POST /api/addons/install, raw zip body, admin) and waits for its
// addon.install event to end. ayon-backend api/addons/install.py answers at once with the event id and
// unpacks in a background task that sets the event finished or failed; the addon (its settings, endpoints
// and page, ayon_server/api/static.py) is loaded only when the server starts again: see restart-server.ts.

export interface InstallAddonOptions {
  ayonUrl: string;
  /** An admin's (or service user's) API key. Sent only in the x-api-key header. */
  apiKey: string;
  zip: Uint8Array;
  name: string;
  version: string;
  timeoutMs?: number;
}

/** The fields of GET /api/events/{id} read here (ayon-backend api/events/events.py EventModel). */
interface InstallEvent {
  status?: string;
  description?: string | null;
}

export async function installAddon(options: InstallAddonOptions): Promise<{ eventId: string }> {
  const headers = { "x-api-key": options.apiKey };
  const response = await fetch(`${options.ayonUrl}/api/addons/install`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/zip" },
    body: options.zip,
  });
  const body = (await response.json().catch(() => null)) as { eventId?: string; detail?: string } | null;
  if (!response.ok || !body?.eventId) {
    throw new Error(`AYON refused the addon zip: ${response.status} ${body?.detail ?? ""}`.trim());
  }
  const what = `the install of addon ${options.name} ${options.version} (event ${body.eventId})`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const reply = await fetch(`${options.ayonUrl}/api/events/${body.eventId}`, { headers });
    const event = (await reply.json().catch(() => null)) as InstallEvent | null;
    if (!reply.ok) throw new Error(`${what}: GET /api/events/${body.eventId} answered ${reply.status}`);
    // ayon-backend ayon_server/events/eventstream.py: pending and in_progress are the unfinished statuses.
    if (event?.status === "finished") return { eventId: body.eventId };
    if (event?.status === "failed" || event?.status === "aborted") {
      throw new Error(`${what} ${event.status}: ${event.description ?? "no description"}`);
    }
    if (Date.now() > deadline) throw new Error(`${what} is still ${event?.status ?? "unknown"} after ${Math.round((options.timeoutMs ?? 60_000) / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
