// Runs the addon's Python tests (tests/, pytest against the ayon_server stand-in) and reads their JUnit
// report, so the jest run can show each Python test as its own test.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PytestCase {
  /** e.g. "test_settings.py::test_defaults_equal_the_typescript_defaults" */
  id: string;
  outcome: "passed" | "failed" | "skipped";
  /** The failure or error text from the report, when not passed. */
  message?: string;
}

export interface PytestRun {
  python: string | null;
  exitCode: number | null;
  output: string;
  cases: PytestCase[];
}

// Debian's interpreter first: it has python3-pytest and python3-pydantic (pydantic 1, as AYON's server).
// A `python3` first on PATH may be another build (e.g. pyenv) without them.
const CANDIDATES = ["/usr/bin/python3", "python3"];

export function findPython(): string | null {
  for (const candidate of CANDIDATES) {
    const probe = spawnSync(candidate, ["-c", "import pytest, pydantic; assert pydantic.VERSION.startswith('1.')"], {
      stdio: "ignore",
    });
    if (probe.status === 0) return candidate;
  }
  return null;
}

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, "&");

/** The <testcase> elements of a pytest JUnit report. */
export function parseJunitReport(xml: string): PytestCase[] {
  const cases: PytestCase[] = [];
  const testcase = /<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of xml.matchAll(testcase)) {
    const attrs = match[1] ?? "";
    const body = match[2] ?? "";
    const attr = (name: string) => unescapeXml(new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1] ?? "");
    // xunit1 reports give the file ("tests/test_x.py") and the dotted classname ("tests.test_x.TestY");
    // what follows the module in the classname is the test class. The id mirrors pytest's node id.
    const file = attr("file");
    const module = file.replace(/\.py$/, "").split("/").join(".");
    const classname = attr("classname");
    const inner = classname.startsWith(`${module}.`) ? classname.slice(module.length + 1).split(".") : [];
    const id = [file || classname, ...inner, attr("name")].join("::");
    const problem = /<(failure|error)\b[^>]*?(?:message="([^"]*)")?[^>]*>([\s\S]*?)<\/\1>|<(failure|error)\b[^>]*\/>/.exec(body);
    if (problem) {
      const message = [problem[2], problem[3]].filter(Boolean).map((t) => unescapeXml(t!)).join("\n");
      cases.push({ id, outcome: "failed", message: message || "failed" });
    } else if (/<skipped\b/.test(body)) {
      cases.push({ id, outcome: "skipped" });
    } else {
      cases.push({ id, outcome: "passed" });
    }
  }
  return cases;
}

export function runPytest(addonDir: string): PytestRun {
  const python = findPython();
  if (!python) {
    return {
      python: null,
      exitCode: null,
      output: "No Python 3 with pytest and pydantic 1 found: run scripts/setup.sh (apt-get install python3-pytest python3-pydantic).",
      cases: [],
    };
  }
  const reportDir = mkdtempSync(join(tmpdir(), "ayon-addon-pytest-"));
  const report = join(reportDir, "report.xml");
  try {
    const run = spawnSync(python, ["-m", "pytest", "-q", `--junitxml=${report}`, "-o", "junit_family=xunit1"], {
      cwd: addonDir,
      encoding: "utf8",
      // No __pycache__ in the source tree, no user site-packages leaking in.
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", PYTHONNOUSERSITE: "1" },
      timeout: 120_000,
    });
    let cases: PytestCase[] = [];
    try {
      cases = parseJunitReport(readFileSync(report, "utf8"));
    } catch {
      // No report: pytest could not even start; the output says why.
    }
    return { python, exitCode: run.status, output: `${run.stdout ?? ""}${run.stderr ?? ""}`, cases };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}
