// Test helpers for the AYON emulator's own suites: start an emulator with a few users and talk to it
// with plain fetch (no AYON client: testkit must not depend on core).
import { startAyonEmulator, type AyonEmulator, type AyonEmulatorOptions } from "./emulator.js";

export const SERVICE_KEY = "ServiceKey0123456789abcdefghijkl";
export const OTHER_SERVICE_KEY = "OtherServiceKey0123456789abcdefg";
export const ADMIN_KEY = "AdminKey0123456789abcdefghijklmn";
export const MANAGER_KEY = "ManagerKey0123456789abcdefghijkl";
export const USER_KEY = "PlainUserKey0123456789abcdefghij";

export interface Reply<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export class Client {
  constructor(readonly url: string, readonly headers: Record<string, string> = {}) {}

  with(headers: Record<string, string>): Client {
    return new Client(this.url, { ...this.headers, ...headers });
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const init: RequestInit = { method, headers: { ...this.headers, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" || body instanceof Uint8Array ? (body as string) : JSON.stringify(body);
      if (!(body instanceof Uint8Array)) (init.headers as Record<string, string>)["content-type"] ??= "application/json";
    }
    const res = await fetch(`${this.url}${path}`, init);
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>("GET", path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>("POST", path, body, headers);
  }
  put<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>("PUT", path, body, headers);
  }
  patch<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>("PATCH", path, body, headers);
  }
  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>("DELETE", path, undefined, headers);
  }
  graphql<T = any>(query: string, variables?: Record<string, unknown>) {
    return this.request<T>("POST", "/graphql", { query, variables });
  }
}

export interface TestAyon {
  emu: AyonEmulator;
  /** The service user ("service", admin + manager). */
  service: Client;
  /** A second service user ("worker2"). */
  service2: Client;
  admin: Client;
  manager: Client;
  user: Client;
  anonymous: Client;
}

export async function startTestAyon(opts: AyonEmulatorOptions = {}): Promise<TestAyon> {
  const emu = await startAyonEmulator({
    apiKey: SERVICE_KEY,
    users: [
      { name: "worker2", apiKey: OTHER_SERVICE_KEY, isService: true },
      { name: "boss", apiKey: ADMIN_KEY, isAdmin: true, password: "boss-pass" },
      { name: "lead", apiKey: MANAGER_KEY, isManager: true },
      { name: "artist", apiKey: USER_KEY, password: "artist-pass" },
    ],
    ...opts,
  });
  const anonymous = new Client(emu.url);
  return {
    emu,
    service: anonymous.with({ "x-api-key": SERVICE_KEY }),
    service2: anonymous.with({ "x-api-key": OTHER_SERVICE_KEY }),
    admin: anonymous.with({ "x-api-key": ADMIN_KEY }),
    manager: anonymous.with({ "x-api-key": MANAGER_KEY }),
    user: anonymous.with({ "x-api-key": USER_KEY }),
    anonymous,
  };
}

/** Creates a project with the built-in anatomy and returns its name. */
export async function deployProject(client: Client, name = "demo", code = name.slice(0, 8)): Promise<string> {
  const res = await client.post("/api/projects", { name, code });
  if (res.status !== 201) throw new Error(`deploy ${name} failed: ${res.status} ${res.text}`);
  return name;
}

export async function createFolder(client: Client, project: string, body: Record<string, unknown>): Promise<string> {
  const res = await client.post(`/api/projects/${project}/folders`, body);
  if (res.status !== 201) throw new Error(`folder create failed: ${res.status} ${res.text}`);
  return res.body.id as string;
}

export async function createTask(client: Client, project: string, body: Record<string, unknown>): Promise<string> {
  const res = await client.post(`/api/projects/${project}/tasks`, body);
  if (res.status !== 201) throw new Error(`task create failed: ${res.status} ${res.text}`);
  return res.body.id as string;
}

export function hexId(n: number): string {
  return n.toString(16).padStart(32, "0");
}
