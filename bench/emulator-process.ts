// The local LINE API for benchmarks, in a process of its own so it does not slow the load generator down.
// Over IPC: {users} registers users, {tokens: userIds[]} issues one reply token per entry, {stats} reports.
import { startLineEmulator } from '../src/line/emulator/index.ts';

const emulator = await startLineEmulator({
  channelAccessToken: process.env.BENCH_TOKEN ?? '',
  logger: false,
});

interface Request {
  users?: string[];
  tokens?: string[];
  stats?: true;
}

process.on('message', (request: Request) => {
  if (request.users) {
    for (const [i, userId] of request.users.entries())
      emulator.addUser({ userId, displayName: `住民${i}`, language: 'ja' });
    process.send?.({ ok: true });
  } else if (request.tokens) {
    process.send?.({ tokens: request.tokens.map((userId) => emulator.issueReplyToken(userId)) });
  } else if (request.stats) {
    const byKind: Record<string, number> = {};
    for (const delivery of emulator.deliveries) byKind[delivery.kind] = (byKind[delivery.kind] ?? 0) + 1;
    process.send?.({ rejected: emulator.rejected.length, deliveries: byKind });
  }
});
process.on('SIGTERM', () => {
  void emulator.close().then(() => process.exit(0));
});
process.send?.({ baseUrl: emulator.baseUrl });
