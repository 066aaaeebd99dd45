// `npm run console:build` (and the postinstall step): builds the staff console when its sources changed.
import { ensureConsoleBuilt } from './build.ts';

const result = await ensureConsoleBuilt((message) => console.log(message));
if (result.state === 'fresh') console.log('staff console: up to date');
