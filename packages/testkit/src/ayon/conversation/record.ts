// Records the conversation against a real AYON server into fixtures (one command; see the testkit README):
//   pnpm --filter @ayon-sg/testkit record-ayon --url http://127.0.0.1:5055 --key SERVICE_KEY [--admin-password P]
// The server should be a fresh one (no project named rr_conv, no rrconv.* events): the conversation creates
// and deletes its own project, topics and attributes, and its "nothing to do" steps assume nobody else works there.
import { parseArgs } from "node:util";
import { DEFAULT_FIXTURE_DIR, writeFixtures } from "./fixtures.js";
import { runConversation } from "./runner.js";
import { CONVERSATION } from "./steps.js";

const USAGE = "usage: record-ayon --url URL --key SERVICE_API_KEY [--admin-user admin] [--admin-password PASS] [--out DIR]";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: "string" },
      key: { type: "string" },
      "admin-user": { type: "string", default: "admin" },
      "admin-password": { type: "string", default: process.env.AYON_ADMIN_PASSWORD ?? "admin-pass-123" },
      out: { type: "string", default: DEFAULT_FIXTURE_DIR },
    },
  });
  if (!values.url || !values.key) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const existing = await fetch(`${values.url.replace(/\/+$/, "")}/api/projects/rr_conv`, { headers: { "x-api-key": values.key } });
  await existing.arrayBuffer();
  if (existing.status !== 404) {
    process.stderr.write(`record-ayon: ${values.url} already has the project rr_conv (or refused the key: ${existing.status}); use a fresh server\n`);
    return 1;
  }
  const replies = await runConversation(CONVERSATION, {
    url: values.url,
    credentials: { serviceKey: values.key, adminName: values["admin-user"]!, adminPassword: values["admin-password"]! },
  });
  const files = writeFixtures(values.out!, replies);
  process.stdout.write(`record-ayon: ${files.length} fixtures written to ${values.out}\n`);
  for (const reply of replies) process.stdout.write(`  ${reply.status} ${reply.request.method} ${reply.request.path}  (${reply.step})\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`record-ayon: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
