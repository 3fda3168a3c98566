import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import {
  assetCategorySlug, assignUniqueNames, AYON_ENTITY_NAME, baseName, cleanLabel, compareSgIds, fallbackName, isNameFor,
  pickUniqueName, slugifyName, slugifyString, slugifyTaskName,
} from "./naming.js";

/** Names computed by the real ayon-python-api slugify_string (see the table's note and scripts/python-names.py). */
interface PythonName {
  input: string;
  folder: string;
  task: string;
  category: string;
}
const PYTHON_NAMES = (JSON.parse(readFileSync(new URL("./python-names.json", import.meta.url), "utf8")) as { names: PythonName[] }).names;

describe("names identical to the Python addon's (python-names.json, computed by ayon_api.slugify_string)", () => {
  it("the table covers the tricky cases", () => {
    const inputs = PYTHON_NAMES.map((n) => n.input);
    expect(inputs.length).toBeGreaterThanOrEqual(100);
    for (const probe of [/-/, /\./, / /, /'/, /__/, /\p{Script=Han}/u, /\p{Script=Cyrillic}/u, /[À-ž]/, /\p{Extended_Pictographic}/u]) {
      expect([probe.source, inputs.some((i) => probe.test(i))]).toEqual([probe.source, true]);
    }
    expect(inputs.some((i) => i.length >= 80)).toBe(true);
    expect(inputs).toContain("");
  });

  it.each(PYTHON_NAMES.map((n) => [n.input, n] as const))("%j", (_input, expected) => {
    expect({
      folder: slugifyString(expected.input, 0),
      task: slugifyString(expected.input, 1),
      category: assetCategorySlug(expected.input) ?? "",
    }).toEqual({ folder: expected.folder, task: expected.task, category: expected.category });
  });

  it("every name the Python addon can make passes AYON's name rule as it is", () => {
    for (const n of PYTHON_NAMES) {
      if (n.folder !== "") expect([n.input, slugifyName(n.input)]).toEqual([n.input, n.folder]);
      if (n.task !== "") expect([n.input, slugifyTaskName(n.input)]).toEqual([n.input, n.task]);
      for (const name of [n.folder, n.task, n.category]) if (name !== "") expect(name).toMatch(AYON_ENTITY_NAME);
    }
  });
});

describe("names: slugify (ayon-python-api utils.py slugify_string)", () => {
  it("folders keep empty words as separators, tasks and categories drop them", () => {
    expect(slugifyName("Comp - Final")).toBe("Comp___Final");
    expect(slugifyTaskName("Comp - Final")).toBe("Comp_Final");
    expect(assetCategorySlug("Vehicle - Air")).toBe("vehicle_air");
  });

  it("keeps case for folders and tasks, lowercases categories", () => {
    expect(slugifyName("CharA")).toBe("CharA");
    expect(slugifyTaskName("CharA")).toBe("CharA");
    expect(assetCategorySlug("CharA")).toBe("chara");
  });

  it("has no length cap", () => {
    expect(slugifyName("x".repeat(500))).toHaveLength(500);
  });

  it("is null when nothing is left, or for a non-string", () => {
    for (const raw of ["", "'", "🎬", 42, null, undefined]) expect(slugifyName(raw)).toBeNull();
    for (const raw of [" ", "---", "镜头 🎬"]) expect(slugifyName(raw)).not.toBeNull();
    for (const raw of [" ", "---", "!!!"]) expect(slugifyTaskName(raw)).toBeNull();
  });
});

describe("names: fallbacks", () => {
  it.each([
    ["Shot", 1234, "shot_1234"],
    ["Task", 7, "task_7"],
    ["CustomEntity01", 5, "customentity01_5"],
  ] as const)("%s %s → %s", (type, id, expected) => {
    expect(fallbackName(type, id)).toBe(expected);
    expect(fallbackName(type, id)).toMatch(AYON_ENTITY_NAME);
  });

  it("baseName: a folder's slug, else the fallback", () => {
    expect(baseName("sh 010", "Shot", 3)).toBe("sh_010");
    expect(baseName("sh-010", "Shot", 3)).toBe("sh_010");
    expect(baseName("", "Shot", 3)).toBe("shot_3");
    expect(baseName("'", "Asset", 12)).toBe("asset_12");
    expect(baseName("镜头", "Asset", 12)).toBe("Jing_Tou_");
  });

  it("baseName: a task's content slug, else its task type's slug (utils.py _sg_to_ay_dict), else the fallback", () => {
    expect(baseName("Comp - Final", "Task", 9, "Compositing")).toBe("Comp_Final");
    expect(baseName("", "Task", 9, "Comp FX")).toBe("Comp_FX");
    expect(baseName(null, "Task", 9, "Animation")).toBe("Animation");
    expect(baseName("!!!", "Task", 9, "Animation")).toBe("Animation");
    expect(baseName(null, "Task", 9)).toBe("task_9");
    expect(baseName("", "Task", 9, "---")).toBe("task_9");
  });

  it("baseName: an asset category's lowercase slug", () => {
    expect(baseName("Vehicle - Air", "AssetCategory", "vehicle_air")).toBe("vehicle_air");
    expect(baseName("'", "AssetCategory", "x")).toBe("assetcategory_x");
  });
});

describe("labels: cleanLabel (the ShotGrid text, as the Python addon sets it, within ayon-backend LABEL_REGEX)", () => {
  const cases: Array<[string, unknown, string | null]> = [
    ["plain", "Shot 010", "Shot 010"],
    ["apostrophe", "Director's cut", "Director’s cut"],
    ["semicolon", "a; b", "a, b"],
    ["both", "x'; DROP", "x’, DROP"],
    ["whitespace kept as ShotGrid has it", "  a \n\t b  ", "  a \n\t b  "],
    ["unicode kept", "镜头 01 🎬", "镜头 01 🎬"],
    ["empty", "", null],
    ["not a string", undefined, null],
  ];
  it.each(cases)("%s: %j → %j", (_label, raw, expected) => {
    const label = cleanLabel(raw);
    expect(label).toBe(expected);
    if (label !== null) expect(label).toMatch(/^[^';]*$/);
  });
});

describe("names: sibling de-duplication", () => {
  it("gives the plain name to the lowest ShotGrid id and suffixes the others with their id", () => {
    const taken = new Set<string>();
    const a = { sgId: 30, base: "sh010" };
    const b = { sgId: 12, base: "SH010" };
    const c = { sgId: 20, base: "sh010" };
    const names = assignUniqueNames([a, b, c], taken);
    expect(names.get(b)).toBe("SH010");
    expect(names.get(c)).toBe("sh010_20");
    expect(names.get(a)).toBe("sh010_30");
    expect([...taken].sort()).toEqual(["sh010", "sh010_20", "sh010_30"]);
  });

  it("gives the same names whatever order the siblings come in", () => {
    const make = () => [
      { sgId: 5, base: "x" }, { sgId: 2, base: "x" }, { sgId: 9, base: "X" }, { sgId: 1, base: "y" }, { sgId: 3, base: "x_5" },
    ];
    const forward = make();
    const backward = make().reverse();
    const n1 = assignUniqueNames(forward, new Set());
    const n2 = assignUniqueNames(backward, new Set());
    const byId = (m: Map<{ sgId: number; base: string }, string>) =>
      Object.fromEntries([...m].map(([k, v]) => [k.sgId, v]));
    expect(byId(n1)).toEqual(byId(n2));
    expect(byId(n1)).toEqual({ 1: "y", 2: "x", 3: "x_5", 5: "x_5_2", 9: "X_9" });
  });

  it("avoids names already taken by active AYON siblings, case-insensitively", () => {
    const taken = new Set(["sh010"]);
    expect(pickUniqueName({ sgId: 4, base: "SH010" }, taken)).toBe("SH010_4");
    expect(taken.has("sh010_4")).toBe(true);
  });

  it("suffixes long names whole (no length cap) and recognises the result", () => {
    const long = "a".repeat(80);
    const taken = new Set([long]);
    const name = pickUniqueName({ sgId: 123456, base: long }, taken);
    expect(name).toBe(`${long}_123456`);
    expect(isNameFor(name, { sgId: 123456, base: long })).toBe(true);
  });

  it("handles text ids (asset category slugs) after numeric ids", () => {
    expect([3, "b", 1, "a"].sort(compareSgIds)).toEqual([1, 3, "a", "b"]);
    const taken = new Set(["props"]);
    expect(pickUniqueName({ sgId: "props", base: "props" }, taken)).toBe("props_props");
  });

  it("every name of a nasty sibling set is valid and unique", () => {
    const raws = ["", "", "sh 010", "sh_010", "SH 010", "'", ";", "镜头", "镜头", "a'b", "a;b", "A B"];
    const requests = raws.map((raw, i) => ({ sgId: 100 + i, base: baseName(raw, "Shot", 100 + i) }));
    const names = [...assignUniqueNames(requests, new Set()).values()];
    for (const name of names) expect(name).toMatch(AYON_ENTITY_NAME);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(raws.length);
  });
});
