/**
 * The server connections this process has open for reading, so that Ctrl-C can stop what they run:
 * closing a socket does not stop a query on the server (it runs on until its statement_timeout),
 * a cancel request does. Deploy's connections are not here: deploy cancels its own statement and
 * then records the failure in history (shutdown tasks).
 */
export interface Cancellable {
  /** Cancels the running statement (if any) and closes the connection. */
  cancel(): Promise<void>;
}

const open = new Set<Cancellable>();

export function registerCancellable(connection: Cancellable): () => void {
  open.add(connection);
  return () => open.delete(connection);
}

/** Cancels every registered connection's statement and closes it, within `timeoutMs`. */
export async function cancelOpenQueries(timeoutMs = 2_000): Promise<void> {
  const all = [...open];
  open.clear();
  await Promise.race([Promise.allSettled(all.map((c) => c.cancel())), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
}
