import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import { definePlugin } from "../plugin/define-plugin.js";
import { validatePluginConfigs } from "./plugin-config.js";

const approval = definePlugin({
  id: "approval-flag",
  configSchema: z.object({ minLevel: z.number().default(2), notify: z.object({ channel: z.string() }).optional() }),
});
const strict = definePlugin({ id: "strict-one", configSchema: z.object({ enabled: z.boolean().default(true) }).strict() });
const bare = definePlugin({ id: "bare" });

describe("validatePluginConfigs", () => {
  it("parses each section with its plugin's schema, defaults applied", () => {
    const { configs, problems } = validatePluginConfigs([approval, strict, bare], { "approval-flag": { notify: { channel: "#td" } } });
    expect(problems).toEqual([]);
    expect(configs.get("approval-flag")).toEqual({ minLevel: 2, notify: { channel: "#td" } });
    expect(configs.get("strict-one")).toEqual({ enabled: true });
    expect(configs.get("bare")).toEqual({});
  });

  it("refuses a section whose id no loaded plugin has, naming the loaded ones", () => {
    const { problems } = validatePluginConfigs([approval, bare], { "aproval-flag": { minLevel: 3 } });
    expect(problems).toEqual(["ayon-sg.config.aproval-flag: no loaded plugin has the id 'aproval-flag' (a misspelled plugin id? loaded plugins: approval-flag, bare)"]);
  });

  it("keeps the sections of installed but excluded plugins", () => {
    expect(validatePluginConfigs([approval], { "shotgrid-leecher": { batchSize: 10 } }, ["shotgrid-leecher"]).problems).toEqual([]);
  });

  it("names the path, the expected type and the type given for a wrong-typed key", () => {
    const { problems, configs } = validatePluginConfigs([approval], { "approval-flag": { minLevel: "3", notify: { channel: 5 } } });
    expect(problems).toEqual([
      "ayon-sg.config.approval-flag.minLevel: expected number, got string",
      "ayon-sg.config.approval-flag.notify.channel: expected string, got number",
    ]);
    expect(configs.has("approval-flag")).toBe(false);
  });

  it("refuses unknown keys, at any depth, whether the schema strips or refuses them", () => {
    const stripped = validatePluginConfigs([approval], { "approval-flag": { minLevle: 3, notify: { channel: "#td", chanel: "x" } } });
    expect(stripped.problems).toEqual([
      "ayon-sg.config.approval-flag.minLevle: unknown key (plugin 'approval-flag' has no such setting)",
      "ayon-sg.config.approval-flag.notify.chanel: unknown key (plugin 'approval-flag' has no such setting)",
    ]);
    const refused = validatePluginConfigs([strict], { "strict-one": { enabeld: false } });
    expect(refused.problems).toEqual(["ayon-sg.config.strict-one.enabeld: unknown key"]);
  });

  it("refuses a non-empty section for a plugin that declares no schema", () => {
    expect(validatePluginConfigs([bare], { bare: { anything: 1 } }).problems).toEqual([
      "ayon-sg.config.bare: plugin 'bare' takes no config (it declares no configSchema), so its section must be empty or absent",
    ]);
  });
});
