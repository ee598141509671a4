export default async function globalTeardown(): Promise<void> {
  globalThis.__SANDBOX_PROCESS__?.kill('SIGTERM');
}
