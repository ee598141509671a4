// node --test scripts/sandbox/
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSubscribeBook, wechatSubscribe } from './wechat-subscribe.mjs';

const APP = { appid: 'wxjucard0000000001', secret: 'jucard-sandbox-app-secret' };
const OPENID = 'oTestOpenid000000000000000001';
const DATA = { thing1: { value: '一号店' }, phrase2: { value: '消费' }, amount3: { value: '¥30.00' }, amount4: { value: '¥470.00' }, time5: { value: '2026年12月3日 14:05' } };

/** The module's routes, called as the server calls them. */
function harness() {
  let clock = Date.parse('2026-12-03T06:00:00Z');
  const book = createSubscribeBook();
  const routes = wechatSubscribe({ env: {}, log: () => {}, now: () => clock, book });
  const call = (method, url, body) => {
    const parsed = new URL(url, 'http://sandbox.local');
    const route = routes.find((r) => r.method === method && r.path === parsed.pathname);
    assert.ok(route, `${method} ${parsed.pathname}`);
    return route.handle({ query: parsed.searchParams, body }).body;
  };
  const token = () => call('GET', `/cgi-bin/token?grant_type=client_credential&appid=${APP.appid}&secret=${APP.secret}`).access_token;
  const send = (accessToken, body) => call('POST', `/cgi-bin/message/subscribe/send?access_token=${accessToken}`, body);
  return { call, token, send, book, advance: (ms) => (clock += ms) };
}

describe('WeChat subscribeMessage.send', () => {
  test('hands out an access_token for the app and refuses a wrong secret', () => {
    const h = harness();
    const ok = h.call('GET', `/cgi-bin/token?grant_type=client_credential&appid=${APP.appid}&secret=${APP.secret}`);
    assert.equal(ok.expires_in, 7200);
    assert.match(ok.access_token, /^[A-Za-z0-9_-]{64}$/);
    assert.equal(h.call('GET', `/cgi-bin/token?grant_type=client_credential&appid=${APP.appid}&secret=wrong`).errcode, 40125);
    assert.equal(h.call('GET', `/cgi-bin/token?grant_type=client_credential&appid=wxother&secret=${APP.secret}`).errcode, 40013);
  });

  test('sends one message per accepted subscription, then answers 43101', () => {
    const h = harness();
    h.call('POST', '/__control/wechat/subscriptions', { openid: OPENID, templateIds: ['tmplBalance'] });
    const token = h.token();
    const first = h.send(token, { touser: OPENID, template_id: 'tmplBalance', page: 'pages/cards/index', data: DATA, miniprogram_state: 'formal', lang: 'zh_CN' });
    assert.equal(first.errcode, 0);
    assert.equal(first.errmsg, 'ok');
    assert.match(first.msgid, /^\d+$/);
    const second = h.send(token, { touser: OPENID, template_id: 'tmplBalance', data: DATA });
    assert.equal(second.errcode, 43101);
    assert.match(second.errmsg, /^user refuse to accept the msg/);
    const kept = h.call('GET', `/__control/wechat/subscribe-messages?openid=${OPENID}`);
    assert.equal(kept.order, 'newest-first');
    assert.equal(kept.messages.length, 1);
    assert.deepEqual(kept.messages[0].data, DATA);
    assert.equal(kept.messages[0].templateId, 'tmplBalance');
  });

  test('refuses an unknown or expired token, a bad openid and data beyond its keyword type', () => {
    const h = harness();
    h.call('POST', '/__control/wechat/subscriptions', { openid: OPENID, templateIds: ['tmplBalance'] });
    assert.equal(h.send('not-a-token', { touser: OPENID, template_id: 'tmplBalance', data: DATA }).errcode, 40001);
    const token = h.token();
    assert.equal(h.send(token, { touser: 'x', template_id: 'tmplBalance', data: DATA }).errcode, 40003);
    assert.equal(h.send(token, { touser: OPENID, template_id: 'tmplBalance', data: { ...DATA, thing1: { value: '一'.repeat(21) } } }).errcode, 47003);
    assert.equal(h.send(token, { touser: OPENID, template_id: 'tmplBalance', data: { ...DATA, amount3: { value: '-30' } } }).errcode, 47003);
    h.advance(7200 * 1000);
    assert.equal(h.send(token, { touser: OPENID, template_id: 'tmplBalance', data: DATA }).errcode, 42001);
    // none of the refusals used the subscription up
    assert.equal(h.send(h.token(), { touser: OPENID, template_id: 'tmplBalance', data: DATA }).errcode, 0);
  });
});
