import { describe, expect, it } from "@jest/globals";
import { generateShotgridProject, ShotgridStore } from "@ayon-sg/testkit";
import { EditTrickle, type EditKind } from "./edit-trickle.js";

function world() {
  const store = new ShotgridStore();
  const generated = generateShotgridProject(store, {
    name: "Trickle", episodes: 1, sequences: 3, shots: 12, assets: 4, assetCategories: ["Prop", "Character"], tasksPerEntity: 2, autoSync: true,
  });
  const artist = store.humanUser("artist", "Sandbox Artist");
  return { store, generated, artist };
}

type LogRow = { event_type: string; user: { type: string; id: number } | null };

describe("EditTrickle", () => {
  it("makes every kind of edit as the artist, each one in ShotGrid's event log", () => {
    const { store, generated, artist } = world();
    const before = store.find("EventLogEntry", [], { fields: ["id"] }).length;
    const trickle = new EditTrickle(store, generated, artist, 3);
    const kinds = new Set<EditKind>();
    for (let i = 0; i < 80; i++) kinds.add(trickle.next().kind);
    expect([...kinds].sort()).toEqual(["create-asset", "create-shot", "move", "rename", "retire", "revive"]);
    expect(trickle.made).toBe(80);
    const log = store.find("EventLogEntry", [["id", "greater_than", before]], { fields: ["event_type", "user"] }) as unknown as LogRow[];
    expect(log.length).toBeGreaterThanOrEqual(80);
    expect(log.every((e) => e.user?.type === "HumanUser" && e.user.id === artist.id)).toBe(true);
    for (const type of ["New", "Change", "Retirement", "Revival"]) expect(log.some((e) => e.event_type.endsWith(`_${type}`))).toBe(true);
    store.dispose();
  });

  it("says what it did, and ShotGrid agrees", () => {
    const { store, generated, artist } = world();
    const trickle = new EditTrickle(store, generated, artist, 11);
    for (let i = 0; i < 40; i++) {
      const edit = trickle.next();
      const renamed = /^renamed (Shot|Asset) \S+ → (\S+)$/.exec(edit.text);
      if (renamed) expect(store.find(renamed[1]!, [["code", "is", renamed[2]]], { fields: ["id"] })).toHaveLength(1);
      const retired = /^retired (Shot|Asset) (\S+) /.exec(edit.text);
      if (retired) expect(store.find(retired[1]!, [["code", "is", retired[2]]], { fields: ["id"] })).toHaveLength(0);
      const moved = /^moved Shot (\S+) to Sequence (\S+)$/.exec(edit.text);
      if (moved) {
        const shot = store.find("Shot", [["code", "is", moved[1]]], { fields: ["sg_sequence"] })[0]!;
        const sequence = store.find("Sequence", [["code", "is", moved[2]]], { fields: ["id"] })[0]!;
        expect((shot.sg_sequence as { id: number }).id).toBe(sequence.id);
      }
    }
    store.dispose();
  });

  it("tells the same story for the same seed", () => {
    const a = world();
    const b = world();
    const first = new EditTrickle(a.store, a.generated, a.artist, 5);
    const second = new EditTrickle(b.store, b.generated, b.artist, 5);
    const story = (t: EditTrickle) => Array.from({ length: 25 }, () => t.next().text);
    expect(story(first)).toEqual(story(second));
    a.store.dispose();
    b.store.dispose();
  });
});
