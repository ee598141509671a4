import { useTestApp } from '../support/app-hooks';

// Defects `npm run drill:fuzz` found, each pinned by the request that showed it.
describe('fuzz drill regressions (e2e)', () => {
  const t = useTestApp();

  // a forged or malformed notification is the sender's fault: 4xx in the channel's format, never a 5xx
  it.each([
    ['wechatpay', 'application/json', '[]', '{"code":"FAIL","message":"失败"}'],
    ['wechatpay', 'application/x-www-form-urlencoded', 'amountFen=100&storeId[a]=b', '{"code":"FAIL","message":"失败"}'],
    ['unionpay', 'application/json', '{"amountFen":100}', 'fail'],
    ['unionpay', 'application/x-www-form-urlencoded', '', 'fail'],
  ])('should refuse a garbage %s notification (%s) with 400 in the channel format', async (channel, type, body, answer) => {
    const res = await t.http.post(`/payments/notify/${channel}`).set('content-type', type).send(body);

    expect(res.status).toBe(400);
    expect(res.text).toBe(answer);
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });
});
