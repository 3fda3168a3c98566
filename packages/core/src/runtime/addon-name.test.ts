import { describe, expect, it } from "@jest/globals";
import { definePlugin } from "../plugin/define-plugin.js";
import { AddonNameConflictError, addonNameFor } from "./addon-name.js";

const sync = definePlugin({ id: "sync", addon: "shotgrid" });
const live = definePlugin({ id: "live", addon: "shotgrid" });
const studio = definePlugin({ id: "studio-notify" });
const other = definePlugin({ id: "other", addon: "ftrack" });

describe("addonNameFor", () => {
  it("takes the addon the plugins declare, the override first, and none when nobody names one", () => {
    expect(addonNameFor([sync, live, studio], null)).toBe("shotgrid");
    expect(addonNameFor([sync, studio], "shotgrid_beta")).toBe("shotgrid_beta");
    expect(addonNameFor([studio], null)).toBeNull();
  });

  it("refuses plugins that read different addons unless the override picks one", () => {
    expect(() => addonNameFor([sync, other], null)).toThrow(AddonNameConflictError);
    expect(() => addonNameFor([sync, other], null)).toThrow(/'sync' → shotgrid, 'other' → ftrack.*AYON_ADDON_NAME/);
    expect(addonNameFor([sync, other], "shotgrid")).toBe("shotgrid");
  });
});
