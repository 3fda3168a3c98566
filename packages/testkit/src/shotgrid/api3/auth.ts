// The auth dict shotgun_api3 `_auth_params` puts first in `params` on every call but `info`: script
// `{script_name, script_key}` or person `{user_login, user_password}`, each optionally with `session_uuid`
// and `sudo_as_login`. There is no token: credentials are checked on every call, by the same Authenticator
// as the REST door's token endpoint. Failures carry error_code 102, which `_response_errors` raises as
// AuthenticationFault.
import { SgError } from "../errors.js";
import type { Authenticator } from "../rest/auth.js";
import type { Actor } from "../store/changes.js";
import type { ShotgridStore, UserRef } from "../store/store.js";

function authFault(message: string): SgError {
  return new SgError({ status: 401, code: 102, title: message });
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function api3Actor(raw: unknown, auth: Authenticator, store: ShotgridStore): Actor {
  const params = (typeof raw === "object" && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  let user: UserRef | null;
  const login = text(params.user_login);
  const script = text(params.script_name);
  // `_auth_params` precedence: login/password first, then script name/key, then session token.
  if (login && text(params.user_password)) {
    user = auth.passwordUser(login, String(params.user_password));
    if (!user) throw authFault(`Can't authenticate user '${login}'`);
  } else if (script && text(params.script_key)) {
    user = auth.scriptUser(script, String(params.script_key));
    if (!user) throw authFault(`Can't authenticate script '${script}'`);
  } else if (text(params.session_token)) {
    // Web sessions (`get_session_token`, tk-core's authentication) are not modelled by the emulator.
    throw authFault("Session token authentication is not supported by the emulator");
  } else {
    throw authFault("Missing or invalid authentication arguments");
  }
  const sudo = text(params.sudo_as_login);
  if (sudo) {
    // The REST door's measured refusal for an unknown or retired sudo target (also code 102).
    const human = auth.findHuman(sudo);
    if (!human) throw authFault(`Cannot 'sudo' - unknown or retired user: '${sudo}'`);
    user = human;
  }
  const row = store.row(user.type, user.id)!;
  return { row, sessionUuid: text(params.session_uuid) };
}
