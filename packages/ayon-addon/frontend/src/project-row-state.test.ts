// A projects-table row's sync state (project-row-state.ts): which live direction runs, which full sync can be asked for.
import { describe, expect, it } from "@jest/globals";
import { rowSyncState } from "./project-row-state.js";
import type { TableRow } from "./projects-table.js";

const row = (over: Partial<TableRow>): TableRow => ({ ayonProject: "p", shotgridId: 7, sgName: "P", autoSync: false, push: false, inAyon: true, ...over });

describe("rowSyncState", () => {
  it("says each live direction from its own switch: ShotGrid's auto-sync one way, AYON's shotgridPush the other", () => {
    expect(rowSyncState(row({ autoSync: true, push: true }))).toMatchObject({ liveFromShotgrid: true, liveToShotgrid: true, pushWaitsForLink: false });
    expect(rowSyncState(row({ autoSync: true, push: false }))).toMatchObject({ liveFromShotgrid: true, liveToShotgrid: false });
    expect(rowSyncState(row({ autoSync: false, push: true }))).toMatchObject({ liveFromShotgrid: false, liveToShotgrid: true });
    expect(rowSyncState(row({ autoSync: false, push: false }))).toMatchObject({ liveFromShotgrid: false, liveToShotgrid: false });
  });

  it("does not guess a switch it has not read", () => {
    // The runtime's list not read (or not readable by this user); a listed project AYON's read does not have.
    expect(rowSyncState(row({ autoSync: null }))).toMatchObject({ liveFromShotgrid: null, liveToShotgrid: false });
    expect(rowSyncState(row({ push: null, inAyon: false }))).toMatchObject({ liveToShotgrid: null, pushWaitsForLink: false });
  });

  it("runs nothing live for a project linked to no ShotGrid project, and says when its push waits for the link", () => {
    expect(rowSyncState(row({ shotgridId: null, sgName: null, autoSync: null, push: true }))).toEqual({
      liveFromShotgrid: false, liveToShotgrid: false, pushWaitsForLink: true, canSyncFromShotgrid: false, canSyncFromAyon: true,
    });
    expect(rowSyncState(row({ shotgridId: null, push: false })).pushWaitsForLink).toBe(false);
  });

  it("offers ShotGrid ► AYON for a linked project and AYON ► ShotGrid for a project in AYON", () => {
    expect(rowSyncState(row({}))).toMatchObject({ canSyncFromShotgrid: true, canSyncFromAyon: true });
    expect(rowSyncState(row({ inAyon: false, push: null }))).toMatchObject({ canSyncFromShotgrid: true, canSyncFromAyon: false });
    expect(rowSyncState(row({ shotgridId: null }))).toMatchObject({ canSyncFromShotgrid: false, canSyncFromAyon: true });
  });
});
