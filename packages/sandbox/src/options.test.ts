import { describe, expect, it } from "@jest/globals";
import { ayonNamesFor, DEFAULT_OPTIONS, parseSandboxArgs, SandboxUsageError } from "./options.js";

describe("parseSandboxArgs", () => {
  it("gives the issue-size demo by default (3 episodes, 12 sequences, 300 shots, 60 assets, 5 tasks)", () => {
    expect(parseSandboxArgs([])).toEqual(DEFAULT_OPTIONS);
    expect(DEFAULT_OPTIONS).toMatchObject({ episodes: 3, sequences: 12, shots: 300, assets: 60, tasks: 5, once: false });
  });

  it("reads sizes, pace, ports and flags", () => {
    const o = parseSandboxArgs(["--once", "--shots", "20", "--sequences=2", "--episodes", "0", "--assets", "4", "--tasks", "1", "--edit-interval", "0.5", "--edits", "7", "--metrics-port", "9100", "--nasty", "--project", "My Show"]);
    expect(o).toMatchObject({ once: true, shots: 20, sequences: 2, episodes: 0, assets: 4, tasks: 1, editInterval: 0.5, edits: 7, metricsPort: 9100, nasty: true, project: "My Show" });
  });

  it("reads a real AYON's URL (trailing slashes dropped) and key", () => {
    expect(parseSandboxArgs(["--ayon", "http://ayon.studio:5000/", "--ayon-key", "k3y"])).toMatchObject({ ayonUrl: "http://ayon.studio:5000", ayonKey: "k3y" });
    expect(parseSandboxArgs([])).toMatchObject({ ayonUrl: null, ayonKey: null });
  });

  it.each([
    [["--ayon", "ayon.studio"], /--ayon needs the server's URL/],
    [["--ayon", "ftp://ayon.studio"], /--ayon needs an http\(s\) URL/],
    [["--ayon-key", "k"], /--ayon-key goes with --ayon URL/],
    [["--ayon", "http://a", "--ayon-port", "5000"], /--ayon-port is the emulator's port/],
    [["--shots=-1"], /--shots must be a whole number/],
    [["--shots", "2.5"], /--shots must be a whole number/],
    [["--tasks", "51"], /from 0 to 50/],
    [["--edit-interval", "0"], /--edit-interval must be a number of seconds/],
    [["--ayon-port", "70000"], /--ayon-port/],
    [["--project", "!!!"], /--project needs a name/],
    [["--shots", "5", "--sequences", "0"], /--shots needs at least one sequence/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["stray"], /positional/],
  ])("refuses %j with a clear message", (argv, message) => {
    expect(() => parseSandboxArgs(argv)).toThrow(SandboxUsageError);
    expect(() => parseSandboxArgs(argv)).toThrow(message);
  });
});

describe("ayonNamesFor", () => {
  it("makes a valid AYON project name and code from any ShotGrid name", () => {
    expect(ayonNamesFor("Sandbox Demo")).toEqual({ name: "sandbox_demo", code: "sandbox_demo" });
    expect(ayonNamesFor("  Été 2025: l'équipe ")).toEqual({ name: "ete_2025_l_equipe", code: "ete_2025_l_equipe" });
    expect(ayonNamesFor("42 Heroes").name).toBe("p_42_heroes");
    for (const sg of ["Sandbox Demo", "Été 2025", "42 Heroes", "a".repeat(80)]) {
      const { name } = ayonNamesFor(sg);
      expect(name).toMatch(/^[a-zA-Z0-9_]+$/);
      expect(name.length).toBeLessThanOrEqual(55);
    }
  });
});
