import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether this machine has a redis-server binary (CI installs one); tests that need one skip without it. */
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A redis-server of the test's own, on a free port and without persistence: a test may kill it at will. */
async function startPrivateRedis(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().includes('PONG')) return { url: `redis://127.0.0.1:${port}`, process: child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('private redis-server did not start');
}

/** The redis-server of a describeWithPrivateRedis block: its URL once started, and a way to take it down mid-test. */
export interface PrivateRedis {
  url: string;
  kill(): void;
}

/**
 * A describe block with a redis-server of its own, started before the block's own beforeAll hooks and killed
 * after its tests. Without a redis-server binary (CI installs one) the block reports its tests as skipped.
 */
export function describeWithPrivateRedis(title: string, body: (redis: PrivateRedis) => void): void {
  (hasRedisServer ? describe : describe.skip)(title, () => {
    let child: ChildProcess | undefined;
    const redis: PrivateRedis = { url: '', kill: () => child?.kill('SIGKILL') };
    beforeAll(async () => {
      const started = await startPrivateRedis();
      child = started.process;
      redis.url = started.url;
    });
    body(redis);
    afterAll(() => redis.kill());
  });
}

/** The cluster of a describeWithPrivateRedisCluster block: a redis+cluster:// URL and its nodes' ports. */
export interface PrivateRedisCluster {
  url: string;
  ports: number[];
  /** Takes one master (and the slots it serves) down. */
  killNode(port: number): void;
}

/** Three masters of the test's own, joined with `redis-cli --cluster create` (as scripts/services.sh does). */
export function describeWithPrivateRedisCluster(title: string, body: (cluster: PrivateRedisCluster) => void): void {
  (hasRedisServer ? describe : describe.skip)(title, () => {
    const children = new Map<number, ChildProcess>();
    const cluster: PrivateRedisCluster = { url: '', ports: [], killNode: (port) => children.get(port)?.kill('SIGKILL') };
    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'jucard-cluster-'));
      for (let i = 0; i < 3; i++) cluster.ports.push(await freePort());
      for (const port of cluster.ports) {
        const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--cluster-enabled', 'yes'];
        children.set(port, spawn('redis-server', [...args, '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir], { stdio: 'ignore' }));
      }
      for (const port of cluster.ports) await waitFor(() => spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().includes('PONG'));
      const nodes = cluster.ports.map((p) => `127.0.0.1:${p}`);
      const created = spawnSync('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes']);
      if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout?.toString()}`);
      for (const port of cluster.ports) await waitFor(() => spawnSync('redis-cli', ['-p', String(port), 'cluster', 'info']).stdout?.toString().includes('cluster_state:ok'));
      cluster.url = `redis+cluster://${nodes.join(',')}`;
    });
    body(cluster);
    afterAll(() => children.forEach((child) => child.kill('SIGKILL')));
  });
}

async function waitFor(ready: () => boolean | undefined): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (ready()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('private Redis Cluster did not come up');
}
