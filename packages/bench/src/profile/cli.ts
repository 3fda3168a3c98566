#!/usr/bin/env node
// `node packages/bench/dist/profile/cli.js <file.cpuprofile>... [--top N]`: where the CPU time went.
import { readProfile, renderProfileSummary, summarizeProfile } from "./summarize.js";

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 15;
if (args.length === 0 || !Number.isInteger(top) || top <= 0) {
  process.stderr.write("usage: node packages/bench/dist/profile/cli.js <file.cpuprofile>... [--top N]\n");
  process.exitCode = 2;
} else {
  for (const path of args) process.stdout.write(`${renderProfileSummary(path, summarizeProfile(readProfile(path), top))}\n\n`);
}
