// A merchant's webhook server for the benches and drills: on 127.0.0.1, it verifies every delivery with the
// `standardwebhooks` package (the independent implementation of the spec) and keeps what came.
import { createServer } from 'node:http';
import { require } from './env.mjs';
import { freePort } from './procs.mjs';

const { Webhook } = require('standardwebhooks');

/**
 * `secret` is set once the endpoint is registered (the BFF shows it then). `ids` counts deliveries per webhook-id (a
 * count above 1 is a redelivery of one message); `onPayload(payload, id)` sees each verified delivery; with
 * `measureLag` set, `lagsMs` collects how long after the sale each card.redeemed arrived.
 */
export async function startReceiver() {
  const port = await freePort();
  const r = { url: `http://127.0.0.1:${port}/jucard/webhooks`, secret: '', verified: 0, rejected: 0, ids: new Map(), lagsMs: [], firstAt: 0, lastAt: 0, measureLag: false, onPayload: null, server: null };
  r.server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let payload;
      try {
        payload = new Webhook(r.secret).verify(body, req.headers);
      } catch {
        r.rejected++;
        res.writeHead(400).end('signature refused');
        return;
      }
      const now = Date.now();
      const id = String(req.headers['webhook-id']);
      r.ids.set(id, (r.ids.get(id) ?? 0) + 1);
      r.verified++;
      r.firstAt ||= now;
      r.lastAt = now;
      if (r.measureLag && payload.data?.redeemedAt) r.lagsMs.push(now - Date.parse(payload.data.redeemedAt));
      r.onPayload?.(payload, id);
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => r.server.listen(port, '127.0.0.1', resolve));
  return r;
}
