// Runs src/server.ts as a real child process (as `npm start` does) and collects what it logs.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { waitFor } from './harness.ts';

export interface ServerProcess {
  proc: ChildProcess;
  port: number;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}

/** Starts the server with only these variables (and PATH, HOME); HOST is 127.0.0.1 unless given, or
 * left unset by `HOST: undefined`. */
export async function spawnServer(
  env: Record<string, string | undefined>,
  options: { waitReady?: boolean } = {},
): Promise<ServerProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  let output = '';
  const variables = Object.entries({ HOST: '127.0.0.1', ...env }).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  const proc = spawn(process.execPath, ['src/server.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      ...Object.fromEntries(variables),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  proc.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  if (options.waitReady !== false) {
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`server exited early:\n${output}`);
        try {
          return (await fetch(`${url}/readyz`)).ok;
        } catch {
          return false;
        }
      },
      'the server to be ready',
      // A first start creates the embedded database and applies every migration: slow on a busy machine.
      90_000,
    );
  }
  return { proc, port, url, output: () => output, exited };
}
