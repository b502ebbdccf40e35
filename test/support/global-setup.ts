import { existsSync } from 'node:fs';
import { CHROMIUM, ensureClientBuilt } from '../client/support/client-build';

/** Runs once before the workers: the browser suites need the built web client. */
export default function globalSetup(): void {
  if (existsSync(CHROMIUM)) ensureClientBuilt();
}
