import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { WebhookPayload } from '@jucard/shared';
import { Webhook } from 'standardwebhooks';
import { freePort } from './test-app';

/**
 * A merchant's server as an integrator would write it: every request is verified with the `standardwebhooks`
 * package (independent of the BFF's signing code) before it counts; anything else is answered 400 and kept apart.
 */
export class Receiver {
  readonly verified: Array<{ id: string; payload: WebhookPayload }> = [];
  readonly rejected: Array<{ headers: IncomingHttpHeaders; body: string; why: string }> = [];
  readonly genuine: Array<{ headers: Record<string, string>; body: string }> = [];
  private server: Server | null = null;
  secret = '';

  private constructor(readonly port: number) {}

  static async started(): Promise<Receiver> {
    const receiver = new Receiver(await freePort());
    await receiver.start();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/jucard/webhooks`;
  }

  start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = { 'webhook-id': String(req.headers['webhook-id'] ?? ''), 'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''), 'webhook-signature': String(req.headers['webhook-signature'] ?? '') };
        try {
          const payload = new Webhook(this.secret).verify(body, headers) as WebhookPayload;
          this.verified.push({ id: headers['webhook-id'], payload });
          this.genuine.push({ headers, body });
          res.writeHead(204).end();
        } catch (error) {
          this.rejected.push({ headers: req.headers, body, why: (error as Error).message });
          res.writeHead(400).end('signature refused');
        }
      });
    });
    this.server = server;
    return new Promise((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
  }

  /** Down: nothing listens on the port any more (connections are refused). */
  stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  countOf(id: string): number {
    return this.verified.filter((v) => v.id === id).length;
  }
}

export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

