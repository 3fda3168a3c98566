import { describe, expect, it } from "@jest/globals";
import { SHOTGRID_ADDON, SHOTGRID_ORDER_GROUP } from "./plugin-identity.js";

describe("the ShotGrid plugins' queue", () => {
  it("stores jobs where the Python addon's processor did and writes as the sender type AYON→ShotGrid ignores", () => {
    // ayon-shotgrid services/processor/processor/processor.py enrolls `shotgrid.event*` into `shotgrid.proc`;
    // its transmitter enrolls with ignore_sender_types=["shotgrid"]; package.py names the addon `shotgrid`.
    expect(SHOTGRID_ORDER_GROUP).toEqual({ name: "shotgrid", jobTopic: "shotgrid.proc", senderType: "shotgrid" });
    expect(SHOTGRID_ADDON).toBe("shotgrid");
  });
});
