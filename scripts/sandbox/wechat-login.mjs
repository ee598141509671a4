// @ts-check
// WeChat mini-program login (code2Session), as seen by a server:
//   GET /sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code
// The device side (`wx.login()` handing out a one-time code) is simulated by
//   POST /__control/wechat/login-code {"openid"?} -> {"code","openid"}
// Response shapes and errcodes follow the real API: HTTP 200 even for errors.
import { createHash, randomBytes } from 'node:crypto';

const CODE_TTL_MS = 5 * 60 * 1000; // WeChat login codes expire after 5 minutes
const OPENID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function randomId(prefix, length) {
  const bytes = randomBytes(length);
  let id = prefix;
  for (let i = id.length; i < length; i++) id += OPENID_ALPHABET[bytes[i] % OPENID_ALPHABET.length];
  return id;
}

// Real openids are 28 chars starting with "o"; the unionid is stable per user, so derive it from the openid.
const newOpenid = () => randomId('o', 28);
const unionidFor = (openid) => 'o' + createHash('sha256').update(`union:${openid}`).digest('base64url').slice(0, 27);

export function wechatLogin({ env = process.env, now = Date.now } = {}) {
  const appId = env.SANDBOX_WECHAT_APP_ID || 'wxjucard0000000001';
  const appSecret = env.SANDBOX_WECHAT_APP_SECRET || 'jucard-sandbox-app-secret';
  const codes = new Map(); // code -> { openid, issuedAt, usedAt? }

  const wxError = (errcode, errmsg) => ({ body: { errcode, errmsg } });

  function pruneExpired() {
    // Keep used codes a little longer than their TTL so a replay still reports 40163, not 40029.
    const cutoff = now() - 2 * CODE_TTL_MS;
    for (const [code, entry] of codes) if (entry.issuedAt < cutoff) codes.delete(code);
  }

  return [
    {
      method: 'GET',
      path: '/sns/jscode2session',
      handle({ query }) {
        const appid = query.get('appid');
        const secret = query.get('secret');
        const jsCode = query.get('js_code');
        if (appid !== appId) return wxError(40013, 'invalid appid');
        if (secret !== appSecret) return wxError(40125, 'invalid appsecret');
        if (query.get('grant_type') !== 'authorization_code') return wxError(40002, 'invalid grant_type');
        if (!jsCode) return wxError(41008, 'missing code');
        pruneExpired();
        const entry = codes.get(jsCode);
        if (!entry || now() - entry.issuedAt > CODE_TTL_MS) return wxError(40029, 'invalid code');
        if (entry.usedAt) return wxError(40163, 'code been used');
        entry.usedAt = now();
        return {
          body: {
            openid: entry.openid,
            session_key: randomBytes(16).toString('base64'),
            unionid: unionidFor(entry.openid),
          },
        };
      },
    },
    {
      method: 'POST',
      path: '/__control/wechat/login-code',
      handle({ body }) {
        const given = body?.openid;
        if (given !== undefined && (typeof given !== 'string' || given.length === 0 || given.length > 64)) {
          return { status: 422, body: { error: 'invalid_openid', message: 'openid must be a non-empty string (max 64 chars)' } };
        }
        const openid = given ?? newOpenid();
        const code = randomBytes(24).toString('base64url'); // 32 chars, like real codes
        codes.set(code, { openid, issuedAt: now() });
        return { body: { code, openid } };
      },
    },
  ];
}
