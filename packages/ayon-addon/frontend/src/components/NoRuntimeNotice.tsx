// Shown instead of a spinner when no runtime answered: says what is probably wrong and offers a retry.
import { Button } from "@ynput/ayon-react-components";

export function NoRuntimeNotice({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="notice" role="alert" data-testid="no-runtime">
      <span>{message}</span>
      <Button label="Retry" icon="refresh" onClick={onRetry} data-testid="retry" />
    </div>
  );
}
