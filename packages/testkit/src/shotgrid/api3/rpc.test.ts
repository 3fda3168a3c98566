// The api3 envelope, `info` and script-key auth, with the payloads shotgun_api3 3.10 puts on the wire.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startTestSite, type TestSite } from "../rest/sg-http.test-helpers.js";
import { conditions, fault, findPayload, rawRpc, results, rpc, SCRIPT_AUTH } from "./api3.test-helpers.js";

let site: TestSite;
let project: { type: string; id: number };

beforeAll(async () => {
  site = await startTestSite({
    scripts: [{ name: "ayon-sg", key: "sg-key", generateEventLogEntries: true }, { name: "quiet", key: "q" }],
    humanUsers: [{ login: "ann", name: "Ann", password: "pw" }],
  });
  project = { type: "Project", id: site.emu.store.create("Project", { name: "Doors" }).id };
});
afterAll(() => site.close());

describe("info", () => {
  it("answers without auth, with the version ServerCapabilities parses", async () => {
    // Captured: shotgun_api3 `info()` sends {"method_name":"info","params":[]}.
    const reply = await rawRpc(site, { method_name: "info", params: [] });
    expect(reply.status).toBe(200);
    const info = reply.body.results;
    expect(info.version).toHaveLength(3);
    expect(info.version.every(Number.isInteger)).toBe(true);
    // >= 7.4 makes `find` page on has_next_page; full_version adds the build number.
    expect([info.version[0], info.version[1]]).toEqual([8, 89]);
    expect(info.full_version.slice(0, 3)).toEqual(info.version);
    expect(info.api_max_entities_per_page).toBe(500);
  });
});

describe("script-key auth", () => {
  const read = findPayload("Project", conditions([]), ["name"]);

  it("a right key reads; every call carries the credentials again", async () => {
    const found = await results(site, "read", read);
    expect(found.entities.map((e: any) => e.name)).toContain("Doors");
  });

  it("a wrong key, an unknown script and missing credentials are error_code 102 (AuthenticationFault)", async () => {
    expect(await fault(site, "read", read, { ...SCRIPT_AUTH, script_key: "nope" })).toEqual({
      exception: true,
      message: "Can't authenticate script 'ayon-sg'",
      error_code: 102,
    });
    expect((await fault(site, "read", read, { script_name: "ghost", script_key: "sg-key" })).error_code).toBe(102);
    expect((await fault(site, "read", read, {})).error_code).toBe(102);
    expect((await fault(site, "read", read, { session_token: "abc", reject_if_expired: true })).error_code).toBe(102);
  });

  it("a retired script cannot authenticate", async () => {
    const quiet = site.emu.script("quiet");
    site.emu.store.retire("ApiUser", quiet.id);
    expect((await fault(site, "read", read, { script_name: "quiet", script_key: "q" })).error_code).toBe(102);
    site.emu.store.revive("ApiUser", quiet.id);
    expect((await results(site, "read", read, { script_name: "quiet", script_key: "q" })).entities.length).toBeGreaterThan(0);
  });

  it("a person logs in with user_login/user_password; a wrong password is 102", async () => {
    const payload = { type: "Sequence", fields: [{ field_name: "code", value: "by_ann" }, { field_name: "project", value: project }], return_fields: ["created_by"] };
    const [made] = await results(site, "create", payload, { user_login: "ann", user_password: "pw" });
    expect(made.created_by).toMatchObject({ type: "HumanUser", name: "Ann" });
    expect((await fault(site, "read", read, { user_login: "ann", user_password: "no" })).message).toBe("Can't authenticate user 'ann'");
  });

  it("sudo_as_login acts as the person; an unknown login is refused", async () => {
    const auth = { ...SCRIPT_AUTH, sudo_as_login: "ann", session_uuid: "uuid-1" };
    const [made] = await results(site, "create", { type: "Sequence", fields: [{ field_name: "code", value: "sudo" }, { field_name: "project", value: project }], return_fields: ["created_by"] }, auth);
    expect(made.created_by).toMatchObject({ type: "HumanUser", name: "Ann" });
    const event = site.emu.store.find("EventLogEntry", [["entity", "is", { type: "Sequence", id: made.id }]], { fields: ["user", "session_uuid"] })[0]!;
    expect(event).toMatchObject({ user: { type: "HumanUser" }, session_uuid: "uuid-1" });
    const refused = await fault(site, "read", read, { ...SCRIPT_AUTH, sudo_as_login: "nobody" });
    expect(refused).toMatchObject({ error_code: 102, message: "Cannot 'sudo' - unknown or retired user: 'nobody'" });
  });
});

describe("the envelope", () => {
  it("every failure is HTTP 200 with exception/message/error_code", async () => {
    const unknown = await rpc(site, "no_such_method", {});
    expect(unknown).toEqual({ status: 200, body: { exception: true, message: "Unknown method 'no_such_method'", error_code: 103 } });
    const garbled = await rawRpc(site, "{not json");
    expect(garbled.status).toBe(200);
    expect(garbled.body).toMatchObject({ exception: true, error_code: 103 });
    const badType = await fault(site, "read", findPayload("Nope", conditions([])));
    expect(badType.message).toMatch(/Nope/);
  });

  it("only POST reaches the door", async () => {
    const res = await fetch(`${site.url}/api3/json`);
    expect(res.status).toBe(404);
  });
});

describe("one site, two doors", () => {
  it("a write through api3 reads back through REST and the reverse", async () => {
    const [viaRpc] = await results(site, "create", { type: "Shot", fields: [{ field_name: "code", value: "rpc_shot" }, { field_name: "project", value: project }], return_fields: ["id"] });
    const rest = await site.call("GET", `/api/v1/entity/shots/${viaRpc.id}?fields=code`);
    expect(rest.body.data.attributes.code).toBe("rpc_shot");
    await site.call("PUT", `/api/v1/entity/shots/${viaRpc.id}`, { body: { code: "rest_renamed" } });
    const back = await results(site, "read", findPayload("Shot", conditions([["id", "is", viaRpc.id]]), ["code"]));
    expect(back.entities).toEqual([{ type: "Shot", id: viaRpc.id, code: "rest_renamed" }]);
  });
});
