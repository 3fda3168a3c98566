import { defineOrderGroup } from "@ayon-sg/core";

/**
 * The queue the built-in ShotGrid plugins share (project-sync, sync-from-shotgrid, update-from-shotgrid, and the
 * leecher for its writes): a project's full sync and its live updates run in one order. The job topic is the one
 * the Python addon's processor enrolls into (ayon-shotgrid services/processor/processor/processor.py), so events a
 * previous runtime or the Python services already processed are not offered again after a take-over or upgrade;
 * the sender type is what AYON→ShotGrid loop prevention ignores (its transmitter enrolls with
 * `ignore_sender_types=["shotgrid"]`).
 */
export const SHOTGRID_ORDER_GROUP = defineOrderGroup({ name: "shotgrid", jobTopic: "shotgrid.proc", senderType: "shotgrid" });

/** The AYON addon whose settings the ShotGrid plugins read (its name in ayon-shotgrid package.py). */
export const SHOTGRID_ADDON = "shotgrid";
