// What the simulator's routes share: the database, the emulator, the app's LINE client and the local-mode state.
import type { Queryable } from '../db/transact.ts';
import type { LineClient } from '../line/client/index.ts';
import type { LineEmulator } from '../line/emulator/index.ts';
import type { RichMenuScreens } from './richmenu-view.ts';
import type { SelfWebhook } from './self-webhook.ts';
import type { SimUserStore } from './sim-users.ts';
import type { TranscriptStreams } from './sse.ts';
import type { TranscriptStore } from './transcript.ts';

export interface SimulatorContext {
  /** simulator_users, simulator_transcript and simulator_contents live here (migration 0019). */
  db: Queryable;
  emulator: LineEmulator;
  line: LineClient;
  users: SimUserStore;
  transcript: TranscriptStore;
  streams: TranscriptStreams;
  menus: RichMenuScreens;
  /** Resolved per call: the listening address is only known once the server listens. */
  webhook(): SelfWebhook;
}
