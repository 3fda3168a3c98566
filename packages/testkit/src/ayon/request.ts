// The request object AYON route handlers receive: the HTTP context, path parameters, the caller
// (resolved lazily so public endpoints work without credentials), the sender context of ayon-backend
// ayon_server/api/dependencies.py, and body helpers that answer bad input with the server's 400 shapes.
import { BodyReadError, Router, type HttpContext, type HttpReply } from "../http/index.js";
import { AyonError, forbidden } from "./errors.js";
import { NAME_REGEX } from "./naming.js";
import type { AyonState } from "./state.js";
import type { UserRecord } from "./types.js";
import { validateBody, type Schema, type ValidationContext } from "./validation.js";

export interface Principal {
  user: UserRecord;
  isAdmin: boolean;
  isManager: boolean;
  isService: boolean;
  /** The Bearer token used, if any (logout needs it). */
  token: string | null;
}

export type AuthResult = { principal: Principal } | { error: AyonError };

/** Per-emulator services route handlers may call. */
export interface EmulatorServices {
  /** What POST /api/system/restart does. */
  restart(): void;
  /** Simulated processing time of one enroll (the window in which an identical request gets 503). */
  enrollDelayMs: number;
}

export class AyonRequest {
  readonly sender: string | null;
  readonly senderType: string;
  readonly vctx: ValidationContext;

  constructor(
    readonly http: HttpContext,
    readonly params: Record<string, string>,
    readonly state: AyonState,
    private readonly auth: () => AuthResult,
    readonly services: EmulatorServices,
  ) {
    // RequestContextMiddleware: invalid values are silently ignored; the type defaults to "api".
    const sender = http.header("x-sender");
    const senderType = http.header("x-sender-type");
    this.sender = sender !== undefined && NAME_REGEX.test(sender) ? sender : null;
    this.senderType = senderType !== undefined && NAME_REGEX.test(senderType) ? senderType : "api";
    this.vctx = { method: http.method, path: http.path };
  }

  private resolved: AuthResult | null = null;

  private authResult(): AuthResult {
    this.resolved ??= this.auth();
    return this.resolved;
  }

  /** The authenticated caller; 401 when credentials are missing or invalid. */
  get principal(): Principal {
    const result = this.authResult();
    if ("error" in result) throw result.error;
    return result.principal;
  }

  /** The caller when credentials were given and valid, else null (public endpoints). */
  get optionalPrincipal(): Principal | null {
    const result = this.authResult();
    return "principal" in result ? result.principal : null;
  }

  requireManager(detail = "Only managers can do this"): Principal {
    const p = this.principal;
    if (!p.isManager) throw forbidden(detail);
    return p;
  }

  requireAdmin(detail = "Only administrators can do this"): Principal {
    const p = this.principal;
    if (!p.isAdmin) throw forbidden(detail);
    return p;
  }

  query(name: string): string | undefined {
    return this.http.query.get(name) ?? undefined;
  }

  /** The JSON body; malformed JSON is a 400 validation error, like FastAPI's. */
  async json(): Promise<unknown> {
    try {
      return await this.http.json();
    } catch (err) {
      if (err instanceof BodyReadError && err.kind === "invalid-json") {
        throw new AyonError(400, `Request validation error in [${this.http.method}] ${this.http.path}`, "invalid-request", {
          path: this.http.path,
          traceback: `body: ${err.message}`, // a single-part loc stays whole (ayon-backend api/server.py)
          errors: [{ loc: ["body"], msg: "JSON decode error", type: "value_error.jsondecode" }],
        });
      }
      throw err;
    }
  }

  /** The body validated against a schema (camelCase keys out). */
  async body(schema: Schema): Promise<Record<string, unknown>> {
    return validateBody(schema, await this.json(), this.vctx);
  }
}

export type AyonHandler = (req: AyonRequest) => Promise<HttpReply> | HttpReply;

/** Route registration used by every route module. */
export class AyonRoutes {
  readonly router = new Router<AyonHandler>();

  get(template: string, handler: AyonHandler): this {
    this.router.add("GET", template, handler);
    return this;
  }

  post(template: string, handler: AyonHandler): this {
    this.router.add("POST", template, handler);
    return this;
  }

  put(template: string, handler: AyonHandler): this {
    this.router.add("PUT", template, handler);
    return this;
  }

  patch(template: string, handler: AyonHandler): this {
    this.router.add("PATCH", template, handler);
    return this;
  }

  delete(template: string, handler: AyonHandler): this {
    this.router.add("DELETE", template, handler);
    return this;
  }
}

/** ISO-8601 with "+00:00", like the server renders timestamptz. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}
