// "Runtime instances": which ayon-sg runtime processes are alive (host, version, plugins, worker slots, last
// heartbeat), read from AYON every few seconds, with a banner when none is — nothing is being synced then.
// Managers only: AYON shows other users none of the runtime's events.
import { useCallback, useEffect, useState } from "react";
import type { AyonConnection } from "../api.js";
import { fetchInstances, type PageInstance } from "../runtime-instances.js";

/** How often the instances are read again while the page is open. */
export const INSTANCES_REFRESH_MS = 3000;

const when = (iso: string) => (iso ? new Date(iso).toLocaleString() : "-");

interface Props {
  connection: AyonConnection;
  /** The page's user is a manager (null while it is being read). */
  canSee: boolean | null;
  /** The page's first figures were read: this view's reads wait for them (SyncPage.tsx). */
  ready: boolean;
}

export function RuntimeInstances({ connection, canSee, ready }: Props) {
  const [instances, setInstances] = useState<PageInstance[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setInstances(await fetchInstances(connection));
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  }, [connection]);

  useEffect(() => {
    if (!canSee || !ready) return;
    void refresh();
    const timer = setInterval(() => void refresh(), INSTANCES_REFRESH_MS);
    return () => clearInterval(timer);
  }, [canSee, ready, refresh]);

  const alive = instances?.filter((i) => i.alive) ?? [];
  const last = instances?.[0]?.lastHeartbeat;
  return (
    <>
      {instances && alive.length === 0 && (
        <div className="notice no-runtime-banner" role="alert" data-testid="no-runtime-banner">
          <span>
            No ayon-sg runtime is running — nothing is being synced
            {last ? ` (last heartbeat ${when(last)})` : " (no heartbeat in the last day)"}.
          </span>
        </div>
      )}
      <section className="card runtime-instances" data-testid="runtime-instances">
        <h2>Runtime instances</h2>
        {canSee === false && <p className="muted">Runtime instances are listed for AYON managers only.</p>}
        {problem && <p className="problem" role="alert">{problem}</p>}
        {instances && instances.length > 0 && (
          <table className="failed-table">
            <thead>
              <tr><th>State</th><th>Instance</th><th>Host</th><th>Version</th><th>Plugins</th><th>Slots</th><th>Started</th><th>Last heartbeat</th></tr>
            </thead>
            <tbody>
              {instances.map((i) => (
                <tr key={i.eventId} data-testid={`instance-${i.instance}`} data-alive={i.alive}>
                  <td>{i.alive ? "alive" : i.status === "stopped" ? "stopped" : "silent"}</td>
                  <td>{i.instance}</td>
                  <td>{i.host}:{i.pid}</td>
                  <td>{i.version}</td>
                  <td>{i.plugins.join(", ")}</td>
                  <td>{i.workerSlots}</td>
                  <td>{when(i.startedAt)}</td>
                  <td>{when(i.lastHeartbeat)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
