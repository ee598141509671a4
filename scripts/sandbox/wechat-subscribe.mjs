// @ts-check
// WeChat's server API for mini-program subscribe messages (订阅消息), as seen by a server:
//   GET  /cgi-bin/token?grant_type=client_credential&appid=&secret=   -> {"access_token","expires_in":7200}
//   POST /cgi-bin/message/subscribe/send?access_token=                 -> {"errcode":0,"errmsg":"ok","msgid"}
//        body {"touser","template_id","page","data":{"thing1":{"value"}},"miniprogram_state","lang"}
// Subscriptions are one-time, as for any merchant: each "accept" in wx.requestSubscribeMessage lets one message
// through, and a send without one is refused with 43101 "user refuse to accept the msg". The device side is
// simulated by
//   POST /__control/wechat/subscriptions {"openid","templateIds":[…]} -> {"openid","remaining":{template: n}}
// and what WeChat delivered is read back, newest first, with
//   GET  /__control/wechat/subscribe-messages?openid=                 -> {"order":"newest-first","messages":[…]}
// Errcodes as the real API answers them (HTTP 200): 40013 invalid appid, 40125 invalid appsecret, 40002 invalid
// grant_type, 40001 invalid credential (unknown token), 42001 access_token expired, 40003 invalid openid, 40037
// invalid template_id, 47003 argument invalid (a data value beyond its keyword type's limits), 43101.
import { randomBytes } from 'node:crypto';

const TOKEN_TTL_S = 7200;
const MAX_OUTBOX = 1000;
const OPENID = /^[A-Za-z0-9_-]{6,64}$/;
const TEMPLATE_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Keyword types and what each accepts (the limits WeChat documents per type). */
/** @type {Array<[RegExp, (value: string) => boolean]>} */
const KEYWORD_RULES = [
  [/^thing\d+$/, (v) => [...v].length <= 20],
  [/^phrase\d+$/, (v) => [...v].length <= 5 && /^[\u4e00-\u9fa5]+$/.test(v)],
  [/^amount\d+$/, (v) => /^[¥$￥]?\d{1,10}(\.\d{1,2})?元?$/.test(v)],
  [/^time\d+$/, (v) => v.length > 0 && v.length <= 40],
  [/^character_string\d+$/, (v) => v.length <= 32 && /^[\x21-\x7e]+$/.test(v)],
  [/^number\d+$/, (v) => /^\d{1,32}$/.test(v)],
];

/** The sent messages (newest first) and each user's one-time subscriptions; kept with the sandbox's state. */
export function createSubscribeBook() {
  const messages = [];
  const grants = new Map(); // `${openid} ${templateId}` -> count
  const key = (openid, templateId) => `${openid} ${templateId}`;
  return {
    messages,
    grant(openid, templateId) {
      grants.set(key(openid, templateId), (grants.get(key(openid, templateId)) ?? 0) + 1);
    },
    take(openid, templateId) {
      const left = grants.get(key(openid, templateId)) ?? 0;
      if (left === 0) return false;
      grants.set(key(openid, templateId), left - 1);
      return true;
    },
    remaining(openid) {
      const out = {};
      for (const [k, n] of grants) if (k.startsWith(`${openid} `)) out[k.slice(openid.length + 1)] = n;
      return out;
    },
    add(message) {
      messages.unshift(message);
      if (messages.length > MAX_OUTBOX) messages.length = MAX_OUTBOX;
    },
    snapshot: () => ({ messages, grants: [...grants] }),
    restore(saved) {
      messages.splice(0, messages.length, ...(saved?.messages ?? []).slice(0, MAX_OUTBOX));
      grants.clear();
      for (const [k, n] of saved?.grants ?? []) grants.set(k, n);
    },
  };
}

export function wechatSubscribe({ env = process.env, log = console.log, now = Date.now, book = createSubscribeBook() } = {}) {
  const appId = env.SANDBOX_WECHAT_APP_ID || 'wxjucard0000000001';
  const appSecret = env.SANDBOX_WECHAT_APP_SECRET || 'jucard-sandbox-app-secret';
  const tokens = new Map(); // token -> expiresAt (ms)
  const wxError = (errcode, errmsg) => ({ body: { errcode, errmsg: `${errmsg} rid: ${randomBytes(6).toString('hex')}` } });

  /** Why `data` would be refused (47003), or null. */
  function dataProblem(data) {
    if (!data || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0) return 'data is empty';
    for (const [keyword, entry] of Object.entries(data)) {
      const value = entry?.value;
      if (typeof value !== 'string') return `data.${keyword}.value is not a string`;
      const rule = KEYWORD_RULES.find(([pattern]) => pattern.test(keyword));
      if (!rule) return `data.${keyword} is not a keyword`;
      if (!rule[1](value)) return `data.${keyword}.value invalid`;
    }
    return null;
  }

  return [
    {
      method: 'GET',
      path: '/cgi-bin/token',
      handle({ query }) {
        if (query.get('grant_type') !== 'client_credential') return wxError(40002, 'invalid grant_type');
        if (query.get('appid') !== appId) return wxError(40013, 'invalid appid');
        if (query.get('secret') !== appSecret) return wxError(40125, 'invalid appsecret');
        const token = randomBytes(48).toString('base64url');
        tokens.set(token, now() + TOKEN_TTL_S * 1000);
        return { body: { access_token: token, expires_in: TOKEN_TTL_S } };
      },
    },
    {
      method: 'POST',
      path: '/cgi-bin/message/subscribe/send',
      handle({ query, body }) {
        const expiresAt = tokens.get(query.get('access_token') ?? '');
        if (expiresAt === undefined) return wxError(40001, 'invalid credential, access_token is invalid or not latest');
        if (expiresAt <= now()) return wxError(42001, 'access_token expired');
        const { touser, template_id: templateId, page, data, miniprogram_state: state = 'formal', lang = 'zh_CN' } = body ?? {};
        if (typeof touser !== 'string' || !OPENID.test(touser)) return wxError(40003, 'invalid openid');
        if (typeof templateId !== 'string' || !TEMPLATE_ID.test(templateId)) return wxError(40037, 'invalid template_id');
        if (!['formal', 'trial', 'developer'].includes(state)) return wxError(47003, 'argument invalid! miniprogram_state invalid');
        const problem = dataProblem(data);
        if (problem) return wxError(47003, `argument invalid! ${problem}`);
        if (!book.take(touser, templateId)) return wxError(43101, 'user refuse to accept the msg');
        const msgid = String(BigInt(now()) * 1000n + BigInt(randomBytes(2).readUInt16BE() % 1000));
        book.add({ msgid, touser, templateId, page: page ?? null, data, miniprogramState: state, lang, sentAt: new Date(now()).toISOString() });
        log(`[wechat] subscribe message ${templateId} to ${touser.slice(0, 6)}…`);
        return { body: { errcode: 0, errmsg: 'ok', msgid } };
      },
    },
    {
      method: 'POST',
      path: '/__control/wechat/subscriptions',
      handle({ body }) {
        const openid = body?.openid;
        const templateIds = body?.templateIds;
        if (typeof openid !== 'string' || !OPENID.test(openid)) return { status: 422, body: { error: 'invalid_openid', message: 'openid must be 6–64 characters' } };
        if (!Array.isArray(templateIds) || templateIds.length === 0 || templateIds.length > 3 || !templateIds.every((t) => typeof t === 'string' && TEMPLATE_ID.test(t))) {
          return { status: 422, body: { error: 'invalid_template_ids', message: 'templateIds: 1 to 3 template ids, as wx.requestSubscribeMessage takes' } };
        }
        for (const templateId of new Set(templateIds)) book.grant(openid, templateId);
        return { body: { openid, remaining: book.remaining(openid) } };
      },
    },
    {
      method: 'GET',
      path: '/__control/wechat/subscribe-messages',
      handle({ query }) {
        const openid = query.get('openid');
        return { body: { order: 'newest-first', messages: openid ? book.messages.filter((m) => m.touser === openid) : book.messages } };
      },
    },
  ];
}
