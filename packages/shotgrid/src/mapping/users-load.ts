/**
 * Reading both sides' users for the users map (users.ts): ShotGrid HumanUsers in one paged search (inactive ones
 * included), AYON users through GraphQL `users` (ayon-backend graphql/resolvers/users.py; its user nodes carry no
 * `data`), and — for a users sync, which must see `data.sg_user_id` — each AYON user through `GET /api/users/{name}`.
 */
import type { AyonClient } from "@ayon-sg/core";
import type { ShotgridClient } from "../client/index.js";
import { DATA_DEACTIVATED_BY_SYNC, SG_USER_FIELDS, sgUserIdOf, sgUserOf, UsersMap, type AyonUser, type SgUser } from "./users.js";

const USERS_PAGE = 1000;
/** Parallel `GET /api/users/{name}` when reading user data. */
const USER_READ_CONCURRENCY = 8;

const USERS_QUERY = `query SyncUsers($first: Int!, $after: String) { users(first: $first, after: $after) {
  edges { node { name active isAdmin isService attrib { email fullName } } } pageInfo { hasNextPage endCursor } } }`;

interface UsersPage {
  users: {
    edges: Array<{ node: { name: string; active: boolean; isAdmin?: boolean | null; isService?: boolean | null; attrib?: { email?: string | null; fullName?: string | null } | null } }>;
    pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  };
}

/** Every ShotGrid HumanUser (active or not). */
export async function loadShotgridUsers(sg: ShotgridClient): Promise<SgUser[]> {
  const records = await sg.searchAll("HumanUser", { fields: [...SG_USER_FIELDS], sort: "id", pageSize: 5000 });
  return records.map(sgUserOf);
}

/** Every AYON user; with `withData`, also each one's link (`data.sg_user_id`) — one request per user. */
export async function loadAyonUsers(ayon: AyonClient, options: { withData?: boolean } = {}): Promise<AyonUser[]> {
  const users: AyonUser[] = [];
  let after: string | null = null;
  for (;;) {
    const page: UsersPage = await ayon.graphql<UsersPage>(USERS_QUERY, { first: USERS_PAGE, after });
    for (const { node } of page.users.edges) {
      users.push({
        name: node.name,
        active: node.active,
        email: node.attrib?.email?.trim() || null,
        fullName: node.attrib?.fullName?.trim() || null,
        protected: node.isAdmin === true || node.isService === true,
      });
    }
    const { hasNextPage, endCursor } = page.users.pageInfo;
    if (!hasNextPage || !endCursor || endCursor === after) break;
    after = endCursor;
  }
  if (options.withData) await readUserData(ayon, users);
  return users;
}

/** Reads `data.sg_user_id` (and the sync's deactivation mark) of each user, a few at a time. */
async function readUserData(ayon: AyonClient, users: AyonUser[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const user = users[next++] as AyonUser;
      const full = await ayon.getUser(user.name);
      user.sgUserId = sgUserIdOf(full?.data);
      user.deactivatedBySync = full?.data?.[DATA_DEACTIVATED_BY_SYNC] === true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(USER_READ_CONCURRENCY, users.length) }, worker));
}

/**
 * The users map a sync resolves assignees with. AYON's user list carries no `data`, so users are matched by login,
 * then email; only the AYON users neither matches (usually a handful: users linked by hand under another name, as
 * the Python addon allows, plus service and admin accounts) have their `data.sg_user_id` read, one request each.
 */
export async function loadUsersMap(ayon: AyonClient, sg: ShotgridClient): Promise<UsersMap> {
  const [sgUsers, ayonUsers] = await Promise.all([loadShotgridUsers(sg), loadAyonUsers(ayon)]);
  const byLoginOrEmail = new UsersMap(sgUsers, ayonUsers);
  const matched = new Set(sgUsers.map((u) => byLoginOrEmail.match(u.id)?.user.name));
  await readUserData(ayon, ayonUsers.filter((u) => !matched.has(u.name) && !u.protected));
  return new UsersMap(sgUsers, ayonUsers);
}
