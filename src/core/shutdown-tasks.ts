const tasks = new Set<() => Promise<void> | void>();

/**
 * Work a running command must finish before the process exits on Ctrl-C — a deploy cancels its
 * statement and records the failure in history as the tool would. Lower layers register here; the
 * CLI runs them from its interrupt handler. Returns the function that unregisters the task.
 */
export function addShutdownTask(task: () => Promise<void> | void): () => void {
  tasks.add(task);
  return () => tasks.delete(task);
}

export async function runShutdownTasks(): Promise<void> {
  await Promise.allSettled([...tasks].map(async (task) => task()));
}
