// The whole scripted conversation, in the order it is sent. Every request kind ayon-sg's AYON client, runtime,
// sandbox setup and addon page send, each with the error answers a client can meet.
import { ADDON_STEPS } from "./steps-addons.js";
import { DELETE_STEPS, ENTITY_STEPS } from "./steps-entities.js";
import { EVENT_STEPS } from "./steps-events.js";
import { EVENT_GRAPHQL_STEPS, GRAPHQL_STEPS } from "./steps-graphql.js";
import { SERVER_STEPS } from "./steps-server.js";
import type { Step } from "./types.js";

export const CONVERSATION: readonly Step[] = [
  ...SERVER_STEPS,
  ...ENTITY_STEPS,
  ...GRAPHQL_STEPS,
  ...DELETE_STEPS,
  ...EVENT_STEPS,
  ...EVENT_GRAPHQL_STEPS,
  ...ADDON_STEPS,
];

const seen = new Set<string>();
for (const step of CONVERSATION) {
  if (seen.has(step.name)) throw new Error(`conversation step ${step.name} is listed twice`);
  seen.add(step.name);
}
