// Many tests run oracle tools synchronously (spawnSync). Vitest's worker talks to the main process over
// RPC with a 60 s timeout that cannot be configured; if the worker never returns to its event loop
// between such tests, a late answer counts as a timeout ("Timeout calling onTaskUpdate") under load.
// Yielding one macrotask before every test lets those answers through.
import { beforeEach } from 'vitest';

beforeEach(async () => {
  await new Promise<void>((resolve) => setImmediate(resolve));
});
