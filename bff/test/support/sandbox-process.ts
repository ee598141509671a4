import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** Starts the channel sandbox as its own process (as `npm start` does) on a free port; resolves with its URL. */
export function startSandboxProcess(): Promise<{ url: string; process: ChildProcess }> {
  const script = resolve(__dirname, '../../../scripts/sandbox/server.mjs');
  const child = spawn(process.execPath, [script], { env: { ...process.env, SANDBOX_PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error('channel sandbox did not start within 10 s')), 10_000);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        done({ url: match[1], process: child });
      }
    });
    child.on('exit', (code) => fail(new Error(`channel sandbox exited with ${code}: ${output}`)));
  });
}
