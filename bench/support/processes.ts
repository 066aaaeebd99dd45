// Process plumbing the benchmarks share: wait for a server's readiness, stop a child process, fork a role.
import { type ChildProcess, fork } from 'node:child_process';

/** Polls `url` until it answers below 500 (30 s at most). */
export async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

/** SIGTERM, then resolves when the process has exited. */
export function stop(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}

/**
 * Forks `script` with `role` as its argument and talks to it over IPC: `first` resolves with its first
 * message; `ask(request)` sends one request and resolves with the next answer.
 */
export function forkRole<First>(
  script: string,
  role: string,
  env: Record<string, string | undefined> = process.env,
): { proc: ChildProcess; first: Promise<First>; ask<T>(request: object): Promise<T> } {
  const proc = fork(script, [role], { env });
  const waiting: ((message: unknown) => void)[] = [];
  let resolveFirst: (message: First) => void = () => {};
  const first = new Promise<First>((resolve) => {
    resolveFirst = resolve;
  });
  let seenFirst = false;
  proc.on('message', (message) => {
    if (!seenFirst) {
      seenFirst = true;
      resolveFirst(message as First);
      return;
    }
    waiting.shift()?.(message);
  });
  return {
    proc,
    first,
    ask<T>(request: object) {
      return new Promise<T>((resolve) => {
        waiting.push((message) => resolve(message as T));
        proc.send(request);
      });
    },
  };
}
