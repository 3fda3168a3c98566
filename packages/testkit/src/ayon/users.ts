// Users (ayon-backend api/users/users.py, ayon_server/entities/user.py): the `me` model, creating users (service users
// with an API key) through PUT /api/users/{name}, and patching them (PATCH /api/users/{name}). Credential hashes are
// never part of a response.
import { emptyReply, jsonReply } from "../http/index.js";
import { passwordHash } from "./auth.js";
import { AyonError, badRequest, conflict, forbidden, notFound } from "./errors.js";
import { SERVICE_API_KEY_REGEX, USER_NAME_REGEX } from "./naming.js";
import { isoTime, type AyonRoutes } from "./request.js";
import type { AyonState } from "./state.js";
import type { UserRecord } from "./types.js";
import { validateParam } from "./validation.js";
import { jsonDumpsOrder } from "./json-dumps.js";
import { jsonbKeyCompare, jsonbOrder } from "./jsonb-order.js";

export function newUser(state: AyonState, name: string, flags: Partial<UserRecord> = {}): UserRecord {
  const now = state.now();
  return {
    name,
    active: true,
    isAdmin: false,
    isManager: false,
    isService: false,
    isGuest: false,
    apiKeyHashes: new Set(),
    passwordHash: null,
    apiKeyData: null,
    attrib: {},
    // The users the server is set up with keep empty access groups in data (recorded on 1.16.0); a user saved
    // through the API loses them (entities/user.py validate_access_groups drops empty ones).
    data: { accessGroups: {}, defaultAccessGroups: [] },
    createdAt: now,
    updatedAt: now,
    ...flags,
  };
}

/**
 * The user's `data` as stored: only the flags that were set (a service user has `isService` and no
 * isAdmin/isManager), access groups, and the key hash and preview of a user with an API key.
 * ayon-backend ayon_server/entities/user.py set_api_key + setup/users.py: what `data` holds.
 */
function userData(user: UserRecord): Record<string, unknown> {
  // Free keys (access groups, createdBy/updatedBy, what PUT/PATCH stored such as a ShotGrid sync's
  // sg_user_id), then the server's own; the views put them in jsonb or sorted order.
  const data: Record<string, unknown> = { ...(user.data ?? {}) };
  if (user.apiKeyData !== null) {
    data.apiKey = user.apiKeyData.hash;
    data.apiKeyPreview = user.apiKeyData.preview;
  }
  // entities/user.py set_password keeps the hash in data, and the models return data as it is.
  if (user.passwordHash !== null) data.password = user.passwordHash;
  if (user.isAdmin) data.isAdmin = true;
  if (user.isGuest) data.isGuest = true;
  if (user.isManager) data.isManager = true;
  if (user.isService) data.isService = true;
  return data;
}

/** ayon-backend ayon_server/entities/user.py parse_exposure_level: 900 admin (or service), 700 manager, 100 guest, else 500. */
export function uiExposureLevel(user: UserRecord): number {
  if (!user.isGuest && (user.isAdmin || user.isService)) return 900;
  if (user.isManager) return 700;
  if (user.isGuest) return 100;
  return 500;
}

/**
 * The user model. `withExposure`: ayon-backend api/users/users.py (users/me) always sets uiExposureLevel,
 * api/system/info.py only for non-service users; GET of another user answers the stored payload, without it.
 * `from` (as recorded on 1.16.0):
 * - "session": the caller's own user, kept by its session as json_dumps text (ayon_server/auth/session.py,
 *   utils/json.py: data keys sorted), built from a model holding every user attribute: ownAttrib names them
 *   all, attrib leaves out the unset ones;
 * - "table": another user, read from the users table (data and the stored attrib keys in jsonb order), none left out;
 * - "login": api/auth/login's reply, the payload with none kept: every user attribute (null when unset) and
 *   uiExposureLevel null.
 * attrib follows the user attribute model's order; data carries the password hash of a user with a password.
 */
export function userModel(state: AyonState, user: UserRecord, withExposure = true, from: "session" | "table" | "login" = "session"): Record<string, unknown> {
  const model: Record<string, unknown> = { name: user.name };
  if (from === "login") model.uiExposureLevel = null;
  else if (withExposure) model.uiExposureLevel = uiExposureLevel(user);
  const names = state.attributes.activeFor("user").map((def) => def.name);
  const attrib: Record<string, unknown> = {};
  for (const name of names) {
    const value = user.attrib[name];
    if (value !== undefined && value !== null) attrib[name] = value;
    else if (from === "login") attrib[name] = null;
  }
  const data = userData(user);
  Object.assign(model, {
    attrib,
    data: from === "session" ? jsonDumpsOrder(data) : jsonbOrder(data),
    active: user.active,
    ownAttrib: from === "session" ? names : Object.keys(user.attrib).sort(jsonbKeyCompare),
    createdAt: isoTime(user.createdAt),
    updatedAt: isoTime(user.updatedAt),
  });
  return model;
}

export function registerUserRoutes(routes: AyonRoutes): void {
  routes.get("/api/users/me", (req) => jsonReply(userModel(req.state, req.principal.user)));

  routes.get("/api/users/{userName}", (req) => {
    const caller = req.principal;
    const name = req.params.userName!;
    if (!caller.isManager && caller.user.name !== name) throw forbidden("You are not allowed to access other users");
    const user = req.state.users.get(name);
    if (!user) throw notFound(`User ${name} not found`);
    // api/users/users.py get_user: the caller's own user as users/me has it, any other the stored payload.
    return jsonReply(name === caller.user.name ? userModel(req.state, user) : userModel(req.state, user, false, "table"));
  });

  routes.put("/api/users/{userName}", async (req) => {
    const name = validateParam("user_name", "path", req.params.userName!, USER_NAME_REGEX, req.vctx);
    const caller = req.requireManager("You are not allowed to create users");
    const body = await req.body({
      active: { type: "bool", default: true },
      attrib: { type: "object", default: {} },
      data: { type: "object", default: {} },
      password: { type: "string", nullable: true },
      apiKey: { type: "string", nullable: true },
    });
    if (req.state.users.has(name)) throw conflict("User already exists");
    const data = body.data as Record<string, unknown>;
    const isService = data.isService === true;
    const isAdmin = data.isAdmin === true;
    if ((isAdmin || isService) && !caller.isAdmin) throw forbidden("Only administrators can create admins and services");
    const apiKey = body.apiKey as string | null | undefined;
    if (apiKey && !isService) throw badRequest("API key can be set only for service users");
    // The server asserts the key shape: a bad key is a 500, not a 400.
    if (apiKey && !SERVICE_API_KEY_REGEX.test(apiKey)) throw new AyonError(500, "AssertionError: Invalid API key format");
    const user = newUser(req.state, name, {
      active: body.active as boolean,
      isService,
      isAdmin,
      isManager: data.isManager === true,
      isGuest: data.isGuest === true,
      attrib: { ...(body.attrib as Record<string, unknown>) },
      // api/users/users.py create_user: created_by is the caller (entities/core/toplevel.py keeps it in data).
      data: withoutEmptyAccessGroups({ ...freeData(data), createdBy: caller.user.name }),
      passwordHash: typeof body.password === "string" && !isService ? passwordHash(name, body.password) : null,
    });
    req.state.addUser(user);
    if (apiKey) req.state.addApiKey(user, apiKey);
    return emptyReply(204);
  });

  registerUserPatchRoute(routes);
}

const ROLE_FLAGS = new Set(["isAdmin", "isManager", "isService", "isGuest"]);

/** `data` without the role flags, which the record keeps as fields. */
function freeData(data: Record<string, unknown>): Record<string, unknown> | undefined {
  const out = Object.fromEntries(Object.entries(data).filter(([key]) => !ROLE_FLAGS.has(key)));
  return Object.keys(out).length > 0 ? (out as Record<string, unknown>) : undefined;
}

/** entities/user.py validate_access_groups, on every save: empty accessGroups / defaultAccessGroups are dropped. */
function withoutEmptyAccessGroups(data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  for (const key of ["accessGroups", "defaultAccessGroups"]) {
    const value = out[key];
    if (value === undefined || value === null || (typeof value === "object" && Object.keys(value).length === 0)) delete out[key];
  }
  return out;
}

// ayon-backend api/users/users.py patch_user (1.16): the caller's name goes to data.updatedBy; a user may patch only
// their own attributes (data and active are then ignored), others need a manager; an admin is patched only by an
// admin; role flags in data change only for admins (managers for isManager) and never on oneself; isGuest is a 400.
// entities/core/patch.py apply_patch: attrib per key, `data` one level deep with null deleting a key.
export function registerUserPatchRoute(routes: AyonRoutes): void {
  routes.patch("/api/users/{userName}", async (req) => {
    const caller = req.principal;
    const name = req.params.userName!;
    const body = await req.body({
      active: { type: "bool", nullable: true },
      attrib: { type: "object", default: {} },
      data: { type: "object", default: {} },
    });
    const target = req.state.users.get(name);
    if (!target) throw notFound(`User ${name} not found`);
    let data = { ...(body.data as Record<string, unknown>) };
    let active = body.active as boolean | null | undefined;
    const self = caller.user.name === name;
    if (self && !caller.isManager) {
      data = {};
      active = undefined;
    } else if (!caller.isManager) {
      throw forbidden("Only managers can modify other users");
    }
    if (target.isAdmin && !caller.isAdmin) throw forbidden("Admins can only be modified by other admins");
    if (data.isGuest) throw badRequest("Guest users cannot be modified this way");
    if (!caller.isAdmin || self) delete data.isAdmin;
    if (!caller.isManager || self) delete data.isManager;
    data.updatedBy = caller.user.name;
    for (const [key, value] of Object.entries(body.attrib as Record<string, unknown>)) {
      if (value === null) delete target.attrib[key];
      else target.attrib[key] = value as never;
    }
    if (typeof data.isAdmin === "boolean") target.isAdmin = data.isAdmin;
    if (typeof data.isManager === "boolean") target.isManager = data.isManager;
    if (typeof data.isService === "boolean" && caller.isAdmin) target.isService = data.isService;
    const free: Record<string, unknown> = { ...(target.data ?? {}) };
    for (const [key, value] of Object.entries(data)) {
      if (ROLE_FLAGS.has(key)) continue;
      if (value === null) delete free[key];
      else free[key] = value;
    }
    target.data = withoutEmptyAccessGroups(free) as typeof target.data;
    if (typeof active === "boolean") target.active = active;
    target.updatedAt = req.state.now();
    return emptyReply(204);
  });
}
