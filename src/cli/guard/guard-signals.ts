/** When a running guard should stop: Ctrl-C (io.signal), or the process asked to end (SIGTERM, SIGHUP, through io.onTerminate). */
import type { CliIo } from '../io.js';

export interface StopRequest {
  /** Resolves when the guard should stop. */
  stopped: Promise<void>;
  /** Stops listening. */
  dispose: () => void;
}

export function stopRequested(io: CliIo): StopRequest {
  let fire: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    fire = resolve;
  });
  const onSignal = (): void => fire();
  const offTerminate = io.onTerminate?.(onSignal);
  if (io.signal?.aborted === true) fire();
  io.signal?.addEventListener('abort', onSignal, { once: true });
  return {
    stopped,
    dispose: () => {
      offTerminate?.();
      io.signal?.removeEventListener('abort', onSignal);
    },
  };
}
