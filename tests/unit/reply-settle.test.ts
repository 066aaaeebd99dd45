// Settling a reply: a retried reply can never deliver twice (a token works once), so only a spent token after a
// doubtful attempt counts as delivered, and a push is chosen only when no reply can have arrived.
import { describe, expect, it } from 'vitest';
import { LineApiError } from '../../src/line/client/errors.ts';
import { settleReply } from '../../src/outbox/reply-settle.ts';

type Step = 'ok' | number | 'reset' | 'refused';

function scripted(steps: Step[]) {
  const calls: string[] = [];
  const reply = async (token: string) => {
    calls.push(token);
    const step = steps.shift() ?? 'ok';
    if (step === 'ok') return;
    if (step === 'reset' || step === 'refused') {
      const code = step === 'reset' ? 'ECONNRESET' : 'ECONNREFUSED';
      throw new LineApiError(`LINE reply failed: ${code}`, {
        status: 0,
        cause: Object.assign(new Error(code), { code }),
      });
    }
    throw new LineApiError(`LINE reply failed (${step})`, { status: step });
  };
  return { reply, calls };
}

const soon = (ms: number) => new Date(Date.now() + ms);
const settle = (steps: Step[], uncertain = false, deadlineMs = 30_000) => {
  const script = scripted(steps);
  return settleReply(script.reply, {
    replyToken: 'tok',
    messages: [],
    deadline: soon(deadlineMs),
    uncertain,
  }).then((outcome) => ({ outcome, calls: script.calls.length }));
};

describe('settleReply', () => {
  it('a first reply that works is delivered', async () => {
    expect(await settle(['ok'])).toEqual({ outcome: { kind: 'delivered' }, calls: 1 });
  });

  it('a token refused on a first, certain attempt means nothing arrived: push', async () => {
    expect((await settle([400])).outcome.kind).toBe('not-delivered');
  });

  it('after a crash (uncertain), a spent token proves the earlier reply arrived', async () => {
    const { outcome } = await settle([400], true);
    expect(outcome).toMatchObject({ kind: 'delivered' });
    expect((outcome as { note?: string }).note).toMatch(/spent/);
  });

  it('a 5xx that delivered anyway is found out by the retry (spent token), not pushed again', async () => {
    expect(await settle([500, 400])).toMatchObject({ outcome: { kind: 'delivered' }, calls: 2 });
  });

  it('a 5xx then a working reply delivers once', async () => {
    expect(await settle([502, 'ok'])).toEqual({ outcome: { kind: 'delivered' }, calls: 2 });
  });

  it('a lost connection then a spent token: delivered', async () => {
    expect((await settle(['reset', 400])).outcome.kind).toBe('delivered');
  });

  it('LINE answering 5xx until the token expires: not delivered, so it may be pushed', async () => {
    expect((await settle([500, 500, 500, 500, 500, 500], false, 2_500)).outcome.kind).toBe('not-delivered');
  });

  it('no answer at all until the token expires: unknown, never pushed', async () => {
    expect((await settle(['reset', 'reset', 'reset', 'reset'], false, 2_500)).outcome.kind).toBe('unknown');
  });

  it('a refused connection never reached LINE: not delivered', async () => {
    expect((await settle(['refused', 'refused', 'refused', 'refused'], false, 2_500)).outcome.kind).toBe(
      'not-delivered',
    );
  });

  it('an authentication error is a failure, not a token question', async () => {
    expect((await settle([401])).outcome.kind).toBe('failed');
  });
});
