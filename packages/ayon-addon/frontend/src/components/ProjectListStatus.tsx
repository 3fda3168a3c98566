// Where the list request stands: fetching, no runtime, or failed (each with a way to try again).
import { Button } from "@ynput/ayon-react-components";
import type { JobState } from "../useJob.js";
import { NoRuntimeNotice } from "./NoRuntimeNotice.js";

export function ProjectListStatus({ state, onRetry }: { state: JobState; onRetry: () => void }) {
  switch (state.phase) {
    case "idle":
      return null;
    case "no-runtime":
      return <NoRuntimeNotice message={state.message} onRetry={onRetry} />;
    case "error":
      return <ListProblem text={state.message} onRetry={onRetry} />;
    case "reply":
      if (state.reply.status === "finished") return null;
      if (state.reply.status === "failed") {
        const why = state.reply.error ?? state.reply.description;
        return <ListProblem text={`Could not list the ShotGrid projects: ${why}`} onRetry={onRetry} />;
      }
      break;
  }
  return (
    <p className="muted" data-testid="list-status">
      Fetching Shotgrid projects...
    </p>
  );
}

function ListProblem({ text, onRetry }: { text: string; onRetry: () => void }) {
  return (
    <div className="notice" role="alert" data-testid="list-problem">
      <span>{text}</span>
      <Button label="Retry" icon="refresh" onClick={onRetry} />
    </div>
  );
}
