// The fuzz's requests: every path + method of /docs-json, each sent as every identity in turn, with odd path
// params, query strings, bodies and content types drawn from a seeded generator.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { require } from '../../bench/lib/env.mjs';
import { BAD_QUERY, BAD_SEGMENTS, BAD_VALUES, mutate, oddBodies, plausible, resolve } from './values.mjs';

const jwt = require('jsonwebtoken');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * Routes that move money, or would if a request were valid. The fuzz sends none that is: every id it sends
 * belongs to another tenant or to nobody, so a 2xx here is reported (and the money tables must not move).
 */
export const MONEY_ROUTES = [
  'POST /merchant/redemptions', 'POST /pos/redemptions', 'POST /merchant/redemptions/{redemptionId}/reversals',
  'POST /me/cards/{cardId}/refunds', 'POST /payments/notify/{channel}', 'POST /operator/settlement/runs',
  'POST /operator/settlement/statements/{id}/retry-payout', 'POST /operator/reconciliation/runs',
  'POST /operator/reconciliation/differences/{id}/resolve',
];

/** Channel notifications are kept out of the docs (they are the channels' API, not ours); the fuzz sends them too. */
const EXTRA_ROUTES = [{ method: 'POST', path: '/payments/notify/{channel}', params: [{ name: 'channel', in: 'path' }], body: null }];

export function routesOf(doc) {
  const routes = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => resolve(doc, p));
      const body = op.requestBody ? resolve(doc, resolve(doc, op.requestBody).content?.['application/json']?.schema) : null;
      routes.push({ method: method.toUpperCase(), path, params, body });
    }
  }
  for (const extra of EXTRA_ROUTES) if (!routes.some((r) => r.method === extra.method && r.path === extra.path)) routes.push(extra);
  return routes;
}

/** Who sends a request: nobody, each role, and tokens that must be refused. */
export function identities(actors, jwtSecret) {
  const forged = (claims, key = jwtSecret, options = {}) =>
    jwt.sign(claims, key, { algorithm: 'HS256', issuer: 'jucard', ...(claims.exp ? {} : { expiresIn: 600 }), ...options });
  const b = actors.merchants.b;
  return [
    ['anonymous', null],
    ['consumer', actors.tokens.consumer],
    ['owner', actors.tokens.owner],
    ['manager', actors.tokens.manager],
    ['cashier', actors.tokens.cashier],
    ['operator', actors.tokens.operator],
    // signed with the real secret, but for an audience nobody has, or with claims the guard must not trust
    ['wrong-audience', forged({ sub: 'x' }, jwtSecret, { audience: 'pos' })],
    ['audience-list', forged({ sub: b.staff.CASHIER.id, mid: b.id, role: 'OWNER', stores: [] }, jwtSecret, { audience: ['staff', 'operator'] })],
    ['staff-bad-claims', forged({ sub: b.staff.CASHIER.id, mid: b.id, role: 'ROOT', stores: 'all' }, jwtSecret, { audience: 'staff' })],
    ['wrong-key', forged({ sub: 'x' }, randomBytes(32).toString('hex'), { audience: 'operator' })],
    ['expired', forged({ sub: 'x', exp: Math.floor(Date.now() / 1000) - 60 }, jwtSecret, { audience: 'consumer' })],
    ['alg-none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', aud: 'operator', iss: 'jucard' })}.`],
    ['garbage', 'not.a.token'],
  ];
}

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** Fills a path template: ids of another tenant, random UUIDs, and odd segments. */
function fillPath(route, rng, ids) {
  return route.path.replace(/\{([^}]+)\}/g, (_, name) => {
    const roll = rng.int(10);
    if (roll < 3) return pool(name, ids, rng);
    if (roll < 5) return rng.uuid();
    return rng.pick(BAD_SEGMENTS);
  });
}

function pool(name, ids, rng) {
  if (/cardNo/i.test(name)) return rng.pick(ids.cardNos);
  if (/claimToken/i.test(name)) return rng.pick(ids.claimTokens);
  if (/date/i.test(name)) return rng.pick(['2026-11-25', new Date().toISOString().slice(0, 10)]);
  if (/kind/i.test(name)) return rng.pick(['topups', 'redemptions', 'refunds', 'reversals']);
  if (/channel/i.test(name)) return rng.pick(['wechatpay', 'alipay', 'unionpay', 'WECHATPAY']);
  return rng.pick(ids.uuids);
}

function queryOf(route, rng, ids) {
  const parts = [];
  for (const p of route.params.filter((q) => q?.in === 'query')) {
    if (rng.chance(0.3)) continue;
    const value = rng.chance(0.3) ? String(plausible({}, p.schema ?? {}, rng, ids)) : rng.pick(BAD_QUERY);
    const shape = rng.int(6);
    if (shape === 0) parts.push(`${p.name}=${value}`, `${p.name}=${rng.pick(BAD_QUERY)}`);
    else if (shape === 1) parts.push(`${p.name}[a]=${value}`);
    else parts.push(`${p.name}=${value}`);
  }
  if (rng.chance(0.2)) parts.push(`${rng.pick(['foo', '__proto__[x]', 'limit', 'cursor', 'merchantId'])}=${rng.pick(BAD_QUERY)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function bodyOf(doc, route, rng, ids) {
  if (route.method === 'GET') return null; // fetch sends no body with GET
  const roll = rng.int(20);
  if (roll < 4 || !route.body) {
    if (rng.chance(0.15)) return null;
    return rng.pick(oddBodies(rng));
  }
  const good = plausible(doc, route.body, rng, ids);
  let value;
  if (roll < 13) value = mutate(good, rng);
  else if (roll < 15) value = mutate(mutate(good, rng), rng);
  else if (roll < 16) value = [good];
  else if (roll < 17) value = { ...good, [rng.pick(['merchantId', 'isAdmin', 'role'])]: rng.pick(BAD_VALUES) };
  else value = good; // plausible, yet aimed at another tenant's ids: must be refused, not served
  return { type: 'application/json', body: JSON.stringify(value) };
}

/** Signed like a POS server does (pos-auth.guard.ts), then broken in one way or not at all. */
function posHeaders(pos, method, pathWithQuery, body, rng, ids) {
  const timestamp = String(Math.floor(Date.now() / 1000) + (rng.chance(0.1) ? rng.pick([-3600, 3600]) : 0));
  const nonce = rng.chance(0.05) ? 'replayed-nonce-0001' : rng.alnum(24);
  const raw = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
  const hash = createHash('sha256').update(raw).digest('hex');
  let signature = createHmac('sha256', pos.appSecret).update(`${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${hash}`).digest('base64');
  let appKey = pos.appKey;
  const roll = rng.int(8);
  if (roll === 0) signature = signature.slice(0, -4) + 'AAA=';
  else if (roll === 1) appKey = rng.pick([...ids.appKeys, 'x'.repeat(200), '']);
  else if (roll === 2) return { 'x-jucard-app-key': appKey, 'x-jucard-timestamp': rng.pick(['', 'abc', '1e10', '-1']), 'x-jucard-nonce': '!', 'x-jucard-signature': '***' };
  return { 'x-jucard-app-key': appKey, 'x-jucard-timestamp': timestamp, 'x-jucard-nonce': nonce, 'x-jucard-signature': signature };
}

/** Request number `i`: route i mod R, identity ⌊i / R⌋ mod I (so every route meets every identity), the rest drawn. */
export function buildCase(i, { doc, routes, ids, who, pos, rng }) {
  const route = routes[i % routes.length];
  const [identity, token] = who[Math.floor(i / routes.length) % who.length];
  const path = fillPath(route, rng, ids) + queryOf(route, rng, ids);
  const payload = bodyOf(doc, route, rng, ids);
  const headers = {};
  if (token) headers.authorization = rng.chance(0.05) ? rng.pick([`Basic ${token}`, `Bearer ${token}x`, `bearer  ${token}`, 'Bearer']) : `Bearer ${token}`;
  if (payload?.type) headers['content-type'] = payload.type;
  if (route.path.startsWith('/pos/') || rng.chance(0.02)) Object.assign(headers, posHeaders(pos, route.method, path, payload?.body, rng, ids));
  return { route: `${route.method} ${route.path}`, identity, method: route.method, path, headers, body: payload?.body };
}
