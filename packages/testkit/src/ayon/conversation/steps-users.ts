// Conversation part 6: users. The sandbox's service user, then the users sync (packages/shotgrid/src/sync/sync-users.ts
// and mapping/users-load.ts): the GraphQL user list, GET /api/users/{name} for `data`, creates and one-level `data`
// patches (link, deactivate, reactivate with a null that removes the mark), with their error answers.
import { gql, SYNC_USERS } from "./steps-graphql.js";
import type { Step } from "./types.js";

const SYNCED = "/api/users/rr_synced";

export const USER_STEPS: Step[] = [
  {
    name: "user-put-service", about: "PUT /api/users/{name}: a new service user with a key (sandbox setup)", role: "admin", method: "PUT", path: "/api/users/rr_runtime",
    body: { active: true, data: { isService: true }, apiKey: "c0ffee00c0ffee00c0ffee00c0ffee00" },
  },
  { name: "user-get", about: "GET /api/users/{name} of the new service user", role: "admin", method: "GET", path: "/api/users/rr_runtime" },
  { name: "user-missing", about: "GET /api/users/{name} of a user that does not exist", role: "admin", method: "GET", path: "/api/users/rr_nobody" },

  gql("graphql-users", "SyncUsers, one page (loadAyonUsers: the users map and the users sync)", SYNC_USERS, { first: 1000, after: null }),
  gql("graphql-users-paged", "SyncUsers with first: 1 (cursor paging)", SYNC_USERS, { first: 1, after: null }),
  {
    name: "user-create", about: "PUT /api/users/{name} as the users sync creates a ShotGrid user (client.createUser)", role: "service", method: "PUT", path: SYNCED,
    body: { active: true, attrib: { fullName: "RR Synced", email: "rr.synced@example.com" }, data: { sg_user_id: 42 } },
  },
  {
    name: "user-create-conflict", about: "PUT /api/users/{name} of a name that is taken (createUser: 409)", role: "service", method: "PUT", path: SYNCED,
    body: { active: true, attrib: { fullName: "RR Synced" }, data: { sg_user_id: 42 } },
  },
  { name: "user-get-synced", about: "GET /api/users/{name} as the users sync reads data.sg_user_id (client.getUser)", role: "service", method: "GET", path: SYNCED },
  { name: "user-patch-link", about: "PATCH /api/users/{name}: link to another ShotGrid user (client.updateUser, data only)", role: "service", method: "PATCH", path: SYNCED, body: { data: { sg_user_id: 43 } } },
  {
    name: "user-patch-deactivate", about: "PATCH /api/users/{name}: deactivated by the sync, with its mark in data", role: "service", method: "PATCH", path: SYNCED,
    body: { active: false, data: { sg_user_deactivated: true } },
  },
  { name: "user-get-deactivated", about: "GET /api/users/{name} after the deactivation (data merged one level deep)", role: "service", method: "GET", path: SYNCED },
  {
    name: "user-patch-reactivate", about: "PATCH /api/users/{name}: reactivated, the mark removed with a null", role: "service", method: "PATCH", path: SYNCED,
    body: { active: true, data: { sg_user_deactivated: null } },
  },
  { name: "user-get-reactivated", about: "GET /api/users/{name} after the reactivation (what the null did to the mark)", role: "service", method: "GET", path: SYNCED },
  { name: "user-patch-missing", about: "PATCH /api/users/{name} of a user that does not exist", role: "service", method: "PATCH", path: "/api/users/rr_nobody", body: { data: { sg_user_id: 1 } } },
  gql("graphql-users-after-sync", "SyncUsers with the synced user", SYNC_USERS, { first: 1000, after: null }),
];
