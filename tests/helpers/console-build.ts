// Vitest global setup: builds the staff console once before any test when its sources changed (a fresh clone
// whose install skipped the build, or edited pages), so the browser tests and /console serve the current build.
import { ensureConsoleBuilt } from '../../src/console/build.ts';

export default async function setup(): Promise<void> {
  await ensureConsoleBuilt((message) => console.log(message));
}
