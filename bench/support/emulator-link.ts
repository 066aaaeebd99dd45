// The load generator's side of an emulator process that reports every delivery over IPC: the deliveries so
// far, a waiter per user for their next one, and `ask` for the emulator role's other requests.
import { type ChildProcess, fork } from 'node:child_process';

export interface Delivery {
  userId: string;
  at: number;
  kind: string;
  text: string;
}

export interface EmulatorLink {
  proc: ChildProcess;
  baseUrl: string;
  deliveries: Delivery[];
  /** Called with the user's next delivery, once. */
  waiting: Map<string, (delivery: Delivery) => void>;
  /** Sends one request to the emulator role and resolves with its answer. */
  ask<T>(request: object): Promise<T>;
}

/** Forks `script` in its 'emulator' role and resolves once it listens. */
export async function linkEmulator(script: string): Promise<EmulatorLink> {
  const proc = fork(script, ['emulator']);
  const waiting = new Map<string, (delivery: Delivery) => void>();
  const deliveries: Delivery[] = [];
  const answers: ((message: unknown) => void)[] = [];
  const { baseUrl } = await new Promise<{ baseUrl: string }>((resolve) => {
    proc.on('message', (m: { baseUrl?: string; delivery?: Delivery }) => {
      if (m.baseUrl) return resolve({ baseUrl: m.baseUrl });
      if (m.delivery) {
        deliveries.push(m.delivery);
        const waiter = waiting.get(m.delivery.userId);
        waiting.delete(m.delivery.userId);
        waiter?.(m.delivery);
        return;
      }
      answers.shift()?.(m);
    });
  });
  return {
    proc,
    baseUrl,
    deliveries,
    waiting,
    ask: <T>(request: object) =>
      new Promise<T>((resolve) => {
        answers.push((m) => resolve(m as T));
        proc.send(request);
      }),
  };
}
