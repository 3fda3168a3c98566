import { describe, expect, it } from "@jest/globals";
import {
  assignUniqueNames, AYON_ENTITY_NAME, baseName, cleanLabel, compareSgIds, fallbackName, MAX_NAME_LENGTH, pickUniqueName,
  slugifyName, transliterate,
} from "./naming.js";

describe("DESIGN §5 names: slugifyName (ayon-api.md §4.4 NAME_REGEX)", () => {
  const cases: Array<[string, unknown, string | null]> = [
    ["plain code", "sh010", "sh010"],
    ["keeps case", "CharA", "CharA"],
    ["keeps dots and dashes inside", "sh010.v2-final", "sh010.v2-final"],
    ["space", "sh 010", "sh_010"],
    ["runs of spaces and tabs", "  big \t  shot  ", "big_shot"],
    ["apostrophe", "Director's cut", "Director_s_cut"],
    ["semicolon", "a;b", "a_b"],
    ["SQL-ish", "x'; DROP TABLE folders;--", "x_DROP_TABLE_folders"],
    ["accents", "Éléphant rosé", "Elephant_rose"],
    ["german sharp s", "Straße", "Strasse"],
    ["nordic letters", "Ærø Øst", "AEro_Ost"],
    ["polish l", "Łódź", "Lodz"],
    ["mixed script", "镜头 01", "01"],
    ["only other script", "镜头", null],
    ["emoji only", "🎬🎥", null],
    ["emoji inside", "shot🎬010", "shot_010"],
    ["empty", "", null],
    ["only spaces", "   ", null],
    ["only punctuation", "'';;--..", null],
    ["leading dot and dash", ".-hidden", "hidden"],
    ["trailing dot", "name.", "name"],
    ["leading underscores", "__temp__", "temp"],
    ["slash and backslash", "a/b\\c", "a_b_c"],
    ["newline", "line1\nline2", "line1_line2"],
    ["not a string", 42, null],
    ["null", null, null],
    ["fullwidth digits (NFKD)", "ｓｈ０１０", "sh010"],
    ["ligature", "ﬁnal", "final"],
  ];
  it.each(cases)("%s: %j → %j", (_label, raw, expected) => {
    const slug = slugifyName(raw);
    expect(slug).toBe(expected);
    if (slug !== null) expect(slug).toMatch(AYON_ENTITY_NAME);
  });

  it("cuts long names to MAX_NAME_LENGTH and still ends on a valid character", () => {
    const slug = slugifyName(`${"a".repeat(MAX_NAME_LENGTH - 1)}.bbbb`);
    expect(slug).toBe("a".repeat(MAX_NAME_LENGTH - 1));
    expect(slugifyName("x".repeat(500))).toHaveLength(MAX_NAME_LENGTH);
  });

  it("is deterministic", () => {
    const nasty = "Ça va? ' ; 镜头 — ok";
    expect(slugifyName(nasty)).toBe(slugifyName(nasty));
    expect(slugifyName(nasty)).toBe("Ca_va_ok");
  });

  it("transliterates without touching other scripts", () => {
    expect(transliterate("Crème brûlée")).toBe("Creme brulee");
    expect(transliterate("镜头")).toBe("镜头");
  });
});

describe("DESIGN §5 names: fallbacks", () => {
  it.each([
    ["Shot", 1234, "shot_1234"],
    ["Task", 7, "task_7"],
    ["CustomEntity01", 5, "customentity01_5"],
  ] as const)("%s %s → %s", (type, id, expected) => {
    expect(fallbackName(type, id)).toBe(expected);
    expect(fallbackName(type, id)).toMatch(AYON_ENTITY_NAME);
  });

  it("baseName uses the slug when there is one, the fallback otherwise", () => {
    expect(baseName("sh 010", "Shot", 3)).toBe("sh_010");
    expect(baseName("", "Shot", 3)).toBe("shot_3");
    expect(baseName(null, "Task", 9)).toBe("task_9");
    expect(baseName("镜头", "Asset", 12)).toBe("asset_12");
  });
});

describe("ayon-api.md §3 labels: cleanLabel", () => {
  const cases: Array<[string, unknown, string | null]> = [
    ["plain", "Shot 010", "Shot 010"],
    ["apostrophe", "Director's cut", "Director’s cut"],
    ["semicolon", "a; b", "a, b"],
    ["both", "x'; DROP", "x’, DROP"],
    ["control characters", "a\u0000b\u0007c", "a b c"],
    ["whitespace runs and ends", "  a \n\t b  ", "a b"],
    ["unicode kept", "镜头 01 🎬", "镜头 01 🎬"],
    ["empty", "", null],
    ["blank", " \n ", null],
    ["not a string", undefined, null],
  ];
  it.each(cases)("%s: %j → %j", (_label, raw, expected) => {
    const label = cleanLabel(raw);
    expect(label).toBe(expected);
    if (label !== null) expect(label).toMatch(/^[^';]*$/);
  });
});

describe("DESIGN §5 names: sibling de-duplication", () => {
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

  it("keeps suffixed names within the length cap", () => {
    const long = "a".repeat(MAX_NAME_LENGTH);
    const taken = new Set([long]);
    const name = pickUniqueName({ sgId: 123456, base: long }, taken);
    expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(name.endsWith("_123456")).toBe(true);
    expect(name).toMatch(AYON_ENTITY_NAME);
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
