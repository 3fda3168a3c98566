// How many series /metrics holds as the sandbox's live edits go on: starts the sandbox (the built binary,
// `ayon-sg-runtime sandbox` with the options after `--`), and at each mark (minutes after the first live edit)
// scrapes /metrics and prints the number of series in all, per metric family, and the route labels per
// target (with how many still hold an id). Bounded labels show as the same figures at every mark.
// Usage: node packages/sandbox/scripts/metrics-series.mjs [--at 10,20] [-- sandbox options]
//   e.g. node packages/sandbox/scripts/metrics-series.mjs --at 1,2 -- --shots 60 --edit-interval 0.5
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const binary = join(here, "../../core/dist/cli/main.js");
const argv = process.argv.slice(2);
const split = argv.indexOf("--");
const own = split === -1 ? argv : argv.slice(0, split);
const sandboxArgs = split === -1 ? [] : argv.slice(split + 1);
const atIndex = own.indexOf("--at");
const marks = (atIndex === -1 ? "10,20" : own[atIndex + 1]).split(",").map(Number);
if (marks.some((m) => !(m > 0))) throw new Error(`--at takes minutes, e.g. --at 10,20; got ${own[atIndex + 1]}`);

/** Series per metric family, route labels per target, from one scrape. */
function describe(text) {
  const samples = text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
  const families = {};
  const routes = {};
  for (const line of samples) {
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)[0].replace(/_(bucket|sum|count)$/, "");
    families[name] = (families[name] ?? 0) + 1;
    if (name === "ayonsg_http_requests_total") {
      const target = /target="([^"]*)"/.exec(line)?.[1];
      const route = /route="([^"]*)"/.exec(line)?.[1];
      (routes[target] ??= new Set()).add(route);
    }
  }
  const routeLabels = Object.fromEntries(
    Object.entries(routes).map(([target, set]) => [target, { labels: set.size, holdingIds: [...set].filter((r) => /\/\d+(\/|$)/.test(r)).length }]),
  );
  return { series: samples.length, families, routeLabels };
}

const child = spawn(process.execPath, [binary, "sandbox", ...sandboxArgs], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, LOG_FORMAT: "pretty" } });
let output = "";
const seen = (re) =>
  new Promise((resolve, reject) => {
    const check = () => {
      const m = re.exec(output);
      if (m) {
        child.stdout.off("data", check);
        resolve(m);
      }
    };
    child.stdout.on("data", check);
    child.once("exit", (code) => reject(new Error(`the sandbox exited (${code}) before ${re}`)));
    check();
  });
child.stdout.on("data", (chunk) => (output += String(chunk)));

const ops = (await seen(/Health and metrics +(http:\/\/\S+)\/healthz/))[1];
await seen(/Live: an edit in ShotGrid/);
const started = Date.now();
console.log(`live edits started; scraping ${ops}/metrics at ${marks.join(", ")} minute(s)`);
for (const minutes of marks) {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + minutes * 60_000 - Date.now())));
  const text = await (await fetch(`${ops}/metrics`)).text();
  const edits = (output.match(/ShotGrid edit \d+:/g) ?? []).length;
  console.log(JSON.stringify({ minutes, edits, ...describe(text) }));
}
child.kill("SIGINT");
await new Promise((resolve) => child.once("exit", resolve));
