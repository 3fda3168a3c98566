import { describe, expect, it } from "@jest/globals";
import { ayonUserNameFor, planUserSync, UsersMap, type AyonUser, type SgUser, type UserSyncPlan } from "./users.js";

/** 500 ShotGrid users: every 7th inactive, every 5th without email, display names repeating every 50. */
function sgUsers(n = 500): SgUser[] {
  return Array.from({ length: n }, (_, i) => ({
    id: 1000 + i,
    login: i % 3 === 0 ? `artist${i}@studio.com` : `artist.${i}`,
    email: i % 5 === 0 ? null : `artist${i}@studio.com`,
    name: `Artist ${i % 50}`,
    active: i % 7 !== 0,
  }));
}

/** Applies a plan to an AYON user list the way AYON does (PUT creates, PATCH merges data one level, null removes). */
function applied(users: AyonUser[], plan: UserSyncPlan): AyonUser[] {
  const byName = new Map(users.map((u) => [u.name, { ...u }]));
  for (const c of plan.creates) {
    byName.set(c.name, { name: c.name, active: true, email: c.body.attrib.email ?? null, fullName: c.body.attrib.fullName ?? null, protected: false, sgUserId: c.body.data.sg_user_id as number });
  }
  for (const u of plan.updates) {
    const user = byName.get(u.name)!;
    if (u.patch.active !== undefined) user.active = u.patch.active;
    if ("sg_user_id" in u.patch.data) user.sgUserId = u.patch.data.sg_user_id as number;
    if ("sg_user_deactivated" in u.patch.data) user.deactivatedBySync = u.patch.data.sg_user_deactivated === true;
  }
  return [...byName.values()];
}

describe("users: ShotGrid HumanUsers → AYON users", () => {
  it("names AYON users after the login as the Python addon does, and always validly", () => {
    expect(ayonUserNameFor("ann@studio.com")).toBe("ann_studio.com");
    expect(ayonUserNameFor("bob.smith")).toBe("bob.smith");
    expect(ayonUserNameFor("john doe")).toBe("johndoe");
    expect(ayonUserNameFor("-x-")).toBe("userx");
    expect(ayonUserNameFor("é")).toBe("user");
  });

  it("500 users (inactive ones, no email, duplicate names): created or linked once, a re-run writes nothing", () => {
    const sg = sgUsers();
    // Already in AYON: one user made by the Python addon (login name, sg_user_id as a number), one by hand with the
    // same email as artist2 but another name, and an admin whose login matches an inactive ShotGrid user.
    const ayon: AyonUser[] = [
      { name: "artist.1", active: true, email: null, fullName: null, protected: false, sgUserId: 1001 },
      { name: "annie", active: true, email: "ARTIST2@studio.com", fullName: "Annie", protected: false, sgUserId: null },
      { name: "artist.7", active: true, email: null, fullName: null, protected: true, sgUserId: null },
    ];
    const first = planUserSync(sg, ayon);
    const inactiveUnknown = sg.filter((u) => !u.active && !["artist.7"].includes(u.login!)).length;
    expect(first.creates).toHaveLength(500 - 3 - inactiveUnknown);
    expect(first.creates.every((c) => c.body.active && !("password" in c.body))).toBe(true);
    expect(first.creates.find((c) => c.name === "artist.4")?.body).toEqual({
      active: true, attrib: { fullName: "Artist 4", email: "artist4@studio.com" }, data: { sg_user_id: 1004 },
    });
    expect(first.creates.find((c) => c.name === "artist.10")?.body.attrib).toEqual({ fullName: "Artist 10" });
    // annie is linked by email; the admin is linked but left active although ShotGrid has it inactive.
    expect(first.updates).toEqual([
      { name: "annie", patch: { data: { sg_user_id: 1002 } } },
      { name: "artist.7", patch: { data: { sg_user_id: 1007 } } },
    ]);
    expect(first.skipped.find((s) => s.sgUserId === 1007)?.reason).toContain("admin or service");
    expect(first.unchanged).toBe(1);
    const names = first.creates.map((c) => c.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);

    const after = applied(ayon, first);
    const second = planUserSync(sg, after);
    expect(second.creates).toEqual([]);
    expect(second.updates).toEqual([]);

    // Every active ShotGrid user now resolves to an AYON user.
    const map = new UsersMap(sg, after);
    expect(sg.filter((u) => u.active).every((u) => map.resolve(u.id) !== null)).toBe(true);
  });

  it("an inactive ShotGrid user's AYON user is deactivated (never deleted) and comes back when reactivated", () => {
    const sg: SgUser[] = [{ id: 5, login: "ann", email: "ann@s.com", name: "Ann", active: false }];
    const ayon: AyonUser[] = [{ name: "ann", active: true, email: null, fullName: "Ann", protected: false, sgUserId: 5 }];
    const off = planUserSync(sg, ayon);
    expect(off.updates).toEqual([{ name: "ann", patch: { active: false, data: { sg_user_deactivated: true } } }]);
    const deactivated = applied(ayon, off);
    expect(planUserSync(sg, deactivated).updates).toEqual([]);
    const back = planUserSync([{ ...sg[0]!, active: true }], deactivated);
    expect(back.updates).toEqual([{ name: "ann", patch: { active: true, data: { sg_user_deactivated: null } } }]);
    // A user someone deactivated in AYON by hand stays inactive.
    const byHand = planUserSync([{ ...sg[0]!, active: true }], [{ ...ayon[0]!, active: false }]);
    expect(byHand.updates).toEqual([]);
  });

  it("resolves by sg_user_id, then login, then a unique email; never takes a user linked to someone else", () => {
    const sg: SgUser[] = [
      { id: 1, login: "ann", email: "a@s.com", name: "Ann", active: true },
      { id: 2, login: "bob", email: "shared@s.com", name: "Bob", active: true },
      { id: 3, login: "cy", email: "c@s.com", name: "Cy", active: true },
      { id: 4, login: "dee", email: "d@s.com", name: "Dee", active: true },
    ];
    const ayon: AyonUser[] = [
      { name: "anne.l", active: true, email: null, fullName: null, protected: false, sgUserId: 1 },
      { name: "x1", active: true, email: "shared@s.com", fullName: null, protected: false },
      { name: "x2", active: true, email: "shared@s.com", fullName: null, protected: false },
      { name: "cy", active: true, email: null, fullName: null, protected: false, sgUserId: 99 },
      { name: "Dee", active: true, email: null, fullName: null, protected: false },
    ];
    const map = new UsersMap(sg, ayon);
    expect(map.match(1)).toMatchObject({ user: { name: "anne.l" }, by: "sg_user_id" });
    expect(map.resolve(2)).toBeNull();
    expect(map.resolve(3)).toBeNull();
    expect(map.match(4)).toMatchObject({ user: { name: "Dee" }, by: "login" });
    expect(map.resolve(77)).toBeNull();
    // And back (AYON → ShotGrid assignees).
    expect(map.sgIdOf("anne.l")).toBe(1);
    expect(map.sgIdOf("Dee")).toBe(4);
    expect(map.sgIdOf("x1")).toBeNull();
  });
});
