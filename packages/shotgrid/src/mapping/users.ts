/**
 * ShotGrid HumanUsers ⇄ AYON users. The link is the AYON user's `data.sg_user_id` (the ShotGrid id, a number),
 * as the Python addon stores it (ayon-shotgrid 0.6.19 frontend "Sync Active Users", server `get_ayon_name_by_sg_id`).
 *
 * Resolving a ShotGrid user (assignees): the AYON user linked by `sg_user_id` when known, else the one whose name
 * is the user's login made into an AYON name, else the one with the same email (when only one has it).
 * Syncing users (planUserSync): active ShotGrid users are linked (or created: name from the login, full name,
 * email, no password); an inactive ShotGrid user's AYON user is deactivated, never deleted, and reactivated when
 * ShotGrid has it active again. Admins and service users are never deactivated.
 */

/** A ShotGrid HumanUser as the users map reads it. */
export interface SgUser {
  id: number;
  login: string | null;
  email: string | null;
  name: string | null;
  active: boolean;
}

/** An AYON user as the users map reads it. `sgUserId` is undefined when its `data` was not read. */
export interface AyonUser {
  name: string;
  active: boolean;
  email: string | null;
  fullName: string | null;
  protected: boolean;
  sgUserId?: number | null;
  /** data.sg_user_deactivated: deactivated by a users sync because ShotGrid had it inactive. */
  deactivatedBySync?: boolean;
}

/** ShotGrid HumanUser fields the map reads. */
export const SG_USER_FIELDS = ["login", "email", "name", "sg_status_list"] as const;
/** The AYON user data key holding the ShotGrid id (the Python addon's). */
export const DATA_SG_USER_ID = "sg_user_id";
/** Set on an AYON user a users sync deactivated, so a later sync may reactivate it (and only then). */
export const DATA_DEACTIVATED_BY_SYNC = "sg_user_deactivated";

/** The Python addon leaves out ShotGrid users whose email holds one of these (site robots). */
const IGNORED_EMAIL_PARTS = ["dummy", "root", "support"];

/** AYON user names (ayon-backend USER_NAME_REGEX). */
const AYON_USER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*[a-zA-Z0-9]$/;

/** A ShotGrid record → SgUser (`sg_status_list` "act" = active, as the Python addon filters). */
export function sgUserOf(record: { id: number; [k: string]: unknown }): SgUser {
  const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);
  return { id: record.id, login: text(record.login), email: text(record.email), name: text(record.name), active: record.sg_status_list === "act" };
}

/**
 * The AYON user name for a ShotGrid login: `@` → `_`, characters AYON refuses dropped, trimmed to start and end
 * on a letter or digit, `user` put in front when less than 2 characters are left. (The Python addon's page does
 * the same but keeps an invalid login when the cleaned one is long enough, which AYON then refuses.)
 */
export function ayonUserNameFor(login: string): string {
  const replaced = login.replace(/@/g, "_");
  if (AYON_USER_NAME.test(replaced)) return replaced;
  const cleaned = replaced.replace(/[^a-zA-Z0-9_.-]/g, "").replace(/^[^a-zA-Z0-9]+/, "").replace(/[^a-zA-Z0-9]+$/, "");
  return cleaned.length < 2 ? `user${cleaned}`.replace(/[^a-zA-Z0-9]+$/, "") || "user" : cleaned;
}

/** Whether the Python addon's users sync leaves this ShotGrid user out. */
export function isIgnoredSgUser(user: SgUser): boolean {
  const email = (user.email ?? "").toLowerCase();
  return IGNORED_EMAIL_PARTS.some((part) => email.includes(part));
}

/** The link from AYON user `data`: a number (or a numeric string, as SQL text comparison accepts it). */
export function sgUserIdOf(data: Record<string, unknown> | null | undefined): number | null {
  const raw = data?.[DATA_SG_USER_ID];
  const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** ShotGrid users → AYON user names. */
export class UsersMap {
  readonly #sgUsers = new Map<number, SgUser>();
  readonly #bySgId = new Map<number, AyonUser>();
  readonly #byName = new Map<string, AyonUser>();
  readonly #byLowerName = new Map<string, AyonUser[]>();
  readonly #byEmail = new Map<string, AyonUser[]>();

  constructor(sgUsers: Iterable<SgUser>, ayonUsers: Iterable<AyonUser>) {
    for (const u of sgUsers) this.#sgUsers.set(u.id, u);
    for (const u of ayonUsers) {
      if (typeof u.sgUserId === "number" && !this.#bySgId.has(u.sgUserId)) this.#bySgId.set(u.sgUserId, u);
      this.#byName.set(u.name, u);
      push(this.#byLowerName, u.name.toLowerCase(), u);
      if (u.email) push(this.#byEmail, u.email.toLowerCase(), u);
    }
  }

  sgUser(id: number): SgUser | undefined {
    return this.#sgUsers.get(id);
  }

  /** The AYON user of ShotGrid user `id`, and how it was found; null when none. */
  match(id: number): { user: AyonUser; by: "sg_user_id" | "login" | "email" } | null {
    const linked = this.#bySgId.get(id);
    if (linked) return { user: linked, by: "sg_user_id" };
    const sg = this.#sgUsers.get(id);
    if (!sg) return null;
    if (sg.login) {
      const name = ayonUserNameFor(sg.login);
      const exact = this.#byName.get(name);
      const byName = exact ?? only(this.#byLowerName.get(name.toLowerCase()));
      // A user linked to another ShotGrid user is not taken over by a login match.
      if (byName && (byName.sgUserId == null || byName.sgUserId === id)) return { user: byName, by: "login" };
    }
    if (sg.email) {
      const byEmail = only(this.#byEmail.get(sg.email.toLowerCase()));
      if (byEmail && (byEmail.sgUserId == null || byEmail.sgUserId === id)) return { user: byEmail, by: "email" };
    }
    return null;
  }

  /** The AYON user name for ShotGrid user `id`, or null. */
  resolve(id: number): string | null {
    return this.match(id)?.user.name ?? null;
  }

  /** The other way (AYON → ShotGrid assignees): the ShotGrid user id of AYON user `name`, or null. */
  sgIdOf(name: string): number | null {
    const user = this.#byName.get(name);
    if (!user) return null;
    if (typeof user.sgUserId === "number") return user.sgUserId;
    for (const sg of this.#sgUsers.values()) if (this.match(sg.id)?.user === user) return sg.id;
    return null;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function only<T>(list: T[] | undefined): T | undefined {
  return list && list.length === 1 ? list[0] : undefined;
}

/** What a users sync writes. */
export interface UserSyncPlan {
  creates: Array<{ name: string; body: { active: true; attrib: Record<string, string>; data: Record<string, unknown> } }>;
  updates: Array<{ name: string; patch: { active?: boolean; data: Record<string, unknown> } }>;
  unchanged: number;
  /** ShotGrid users not synced, with the reason (ignored robots, inactive without an AYON user...). */
  skipped: Array<{ sgUserId: number; login: string | null; reason: string }>;
}

/** Pure: what to create and patch so every ShotGrid user has its AYON user. Needs the AYON users' `data`. */
export function planUserSync(sgUsers: readonly SgUser[], ayonUsers: readonly AyonUser[]): UserSyncPlan {
  const map = new UsersMap(sgUsers, ayonUsers);
  const plan: UserSyncPlan = { creates: [], updates: [], unchanged: 0, skipped: [] };
  const taken = new Set(ayonUsers.map((u) => u.name.toLowerCase()));
  const claimed = new Set<string>();
  for (const sg of [...sgUsers].sort((a, b) => a.id - b.id)) {
    if (isIgnoredSgUser(sg)) {
      plan.skipped.push({ sgUserId: sg.id, login: sg.login, reason: "a ShotGrid robot account (email with dummy/root/support)" });
      continue;
    }
    const found = map.match(sg.id);
    if (found && claimed.has(found.user.name)) {
      plan.skipped.push({ sgUserId: sg.id, login: sg.login, reason: `its AYON user ${found.user.name} is already linked to another ShotGrid user` });
      continue;
    }
    if (!found) {
      if (!sg.active) {
        plan.skipped.push({ sgUserId: sg.id, login: sg.login, reason: "inactive in ShotGrid and not in AYON: not created" });
        continue;
      }
      if (!sg.login) {
        plan.skipped.push({ sgUserId: sg.id, login: null, reason: "no login to name the AYON user after" });
        continue;
      }
      let name = ayonUserNameFor(sg.login);
      if (taken.has(name.toLowerCase())) name = `${name}_${sg.id}`;
      taken.add(name.toLowerCase());
      claimed.add(name);
      const attrib: Record<string, string> = {};
      if (sg.name) attrib.fullName = sg.name;
      if (sg.email) attrib.email = sg.email;
      plan.creates.push({ name, body: { active: true, attrib, data: { [DATA_SG_USER_ID]: sg.id } } });
      continue;
    }
    const user = found.user;
    claimed.add(user.name);
    const patch: { active?: boolean; data: Record<string, unknown> } = { data: {} };
    if (user.sgUserId !== sg.id) patch.data[DATA_SG_USER_ID] = sg.id;
    if (!sg.active && user.active && !user.protected) {
      patch.active = false;
      patch.data[DATA_DEACTIVATED_BY_SYNC] = true;
    } else if (!sg.active && user.active && user.protected) {
      plan.skipped.push({ sgUserId: sg.id, login: sg.login, reason: `inactive in ShotGrid, but ${user.name} is an AYON admin or service user: left active` });
    }
    if (sg.active && !user.active && user.deactivatedBySync) {
      patch.active = true;
      patch.data[DATA_DEACTIVATED_BY_SYNC] = null;
    }
    if (patch.active === undefined && Object.keys(patch.data).length === 0) plan.unchanged += 1;
    else plan.updates.push({ name: user.name, patch });
  }
  return plan;
}
