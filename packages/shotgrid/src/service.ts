import { defineService, secretNameProblem, type ServiceContext } from "@ayon-sg/core";
import { ShotgridClient } from "./client/index.js";
import { parseShotgridSettings, type ShotgridSettings } from "./settings.js";

/**
 * The ShotGrid connection every ShotGrid plugin shares, built from the addon settings: site URL and script name
 * from the settings, the script key from the AYON secret the settings name. Plugins list it in `services` and
 * ask for `ShotgridClient` in their constructors.
 */
export const shotgridService = defineService<ShotgridClient>({
  token: ShotgridClient,
  name: "ShotGrid",
  async create(ctx: ServiceContext) {
    const settings = parseShotgridSettings(ctx.settings.studio);
    const { shotgrid_server: siteUrl } = settings;
    const { script_name: scriptName, script_key: secretName } = settings.service_settings;
    const where = `in the '${ctx.settings.addonName}' addon settings`;
    if (!siteUrl) throw new Error(`the ShotGrid site URL is not set ${where} (shotgrid_server)`);
    if (!scriptName) throw new Error(`the ShotGrid script name is not set ${where} (service_settings.script_name)`);
    if (!secretName) throw new Error(`no AYON secret is named for the ShotGrid script key ${where} (service_settings.script_key)`);
    // The value is printed nowhere: it may be the key itself, pasted where its secret's name belongs.
    const problem = secretNameProblem(secretName);
    if (problem) throw new Error(`service_settings.script_key ${where} must name the AYON secret that holds the ShotGrid script key, but ${problem}`);
    const scriptKey = await ctx.secrets.get(secretName);
    ctx.redact(scriptKey);
    return new ShotgridClient({ siteUrl, scriptName, scriptKey, logger: ctx.logger, onRequest: ctx.recordRequests("shotgrid"), maxReplyBytes: ctx.maxReplyBytes });
  },
  async check(client: ShotgridClient, ctx: ServiceContext) {
    const settings: ShotgridSettings = parseShotgridSettings(ctx.settings.studio);
    const script = await client.findOne("ApiUser", { filters: [["firstname", "is", settings.service_settings.script_name]], fields: ["firstname"] });
    return `ShotGrid answers at ${settings.shotgrid_server} and accepts script '${settings.service_settings.script_name}'${script ? ` (ApiUser ${script.id})` : ""}`;
  },
});
