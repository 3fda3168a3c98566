/**
 * Admin calls on an AYON server (emulator or real) that the runtime's client has no reason to offer: users,
 * restart, bundles, settings. Errors name the call and the server's detail, never the key.
 */
export class AyonAdmin {
  constructor(
    readonly url: string,
    private readonly apiKey: string,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const { status, text } = await this.send(method, path, body);
    if (status < 200 || status >= 300) throw new AyonAdminError(method, path, status, detailOf(text));
    return text ? (JSON.parse(text) as unknown) : null;
  }

  /** The reply's status and parsed body, whatever the status; null when the server did not answer (a restart). */
  async probe(path: string): Promise<{ status: number; body: unknown } | null> {
    try {
      const { status, text } = await this.send("GET", path, undefined, 5000);
      let body: unknown = null;
      try {
        body = text ? (JSON.parse(text) as unknown) : null;
      } catch {
        body = text;
      }
      return { status, body };
    } catch {
      return null;
    }
  }

  private async send(method: string, path: string, body: unknown, timeoutMs = 60_000): Promise<{ status: number; text: string }> {
    try {
      const response = await fetch(`${this.url}${path}`, {
        method,
        headers: { "x-api-key": this.apiKey, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      throw new Error(`AYON setup: ${method} ${path} did not reach ${this.url}: ${(error as Error).message}`);
    }
  }
}

export class AyonAdminError extends Error {
  override readonly name = "AyonAdminError";
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(`AYON setup: ${method} ${path} answered ${status}: ${detail}`);
  }
}

function detailOf(text: string): string {
  try {
    const detail = (JSON.parse(text) as { detail?: unknown }).detail;
    if (detail !== undefined) return typeof detail === "string" ? detail : JSON.stringify(detail);
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 300);
}
