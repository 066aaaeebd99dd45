// The benchmarks' server role: the real app (src/app.ts) on PORT, configured from the environment, closed on SIGTERM.

export async function runAppServer(): Promise<void> {
  const { buildApp } = await import('../../src/app.ts');
  const { loadConfig } = await import('../../src/config.ts');
  const app = await buildApp({ config: loadConfig() });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}
