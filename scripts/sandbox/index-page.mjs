// @ts-check
// GET / : what this sandbox plays and every route it answers, read from the route table itself so the page
// cannot fall behind a new endpoint. The README links here; a bare 404 there told a newcomer nothing.
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** First match wins: more specific prefixes first. */
export const ROLES = [
  { prefix: '/sns/', title: 'WeChat login', what: 'jscode2session for wx.login codes (get one from POST /__control/wechat/login-code)' },
  { prefix: '/sms/', title: 'SMS gateway', what: 'one-time login codes; read them back at GET /__control/sms (newest first)' },
  { prefix: '/v3/', title: 'WeChat Pay API v3', what: 'JSAPI/H5 prepay, query, close, refunds, trade bills; RSA-SHA256 signatures, AES-256-GCM notifications' },
  { prefix: '/gateway.do', title: 'Alipay OpenAPI (gateway)', what: 'trade.create / wap.pay / page.pay / query / close / refund, bill download URL; RSA2' },
  { prefix: '/downloadBillFile', title: 'Alipay OpenAPI (gateway)', what: '' },
  { prefix: '/gateway/api/', title: 'UnionPay ACP 5.1.0', what: 'front/app/back transactions, query; SHA-256 + RSA' },
  { prefix: '/bank/', title: 'Custody bank', what: 'signed payout API the T+1 settlement pays merchants through' },
  { prefix: '/cashier/', title: 'Cashier page (H5)', what: 'where the H5 app sends the payer: 确认支付 / 取消' },
  { prefix: '/__control/', title: 'Control API (sandbox only)', what: 'inspect orders, bills, notifications, payouts, SMS; inject faults and bill differences; reset' },
];
const OTHER = { title: 'Other', what: '' };

/** routes: [{ method, path }] as given to the router. */
export function indexPage(routes) {
  const groups = new Map(); // title -> { what, lines }
  for (const r of routes) {
    if (r.path === '/') continue;
    const role = ROLES.find((x) => r.path.startsWith(x.prefix)) ?? OTHER;
    if (!groups.has(role.title)) groups.set(role.title, { what: role.what, lines: [] });
    const group = groups.get(role.title);
    if (!group.what) group.what = role.what;
    const link = r.method === 'GET' && !r.path.includes('{') ? `<a href="${escape(r.path)}">${escape(r.path)}</a>` : escape(r.path);
    group.lines.push(`<li><code>${escape(r.method)}</code> <code>${link}</code></li>`);
  }
  const sections = [...groups].map(
    ([title, g]) => `<section><h2>${escape(title)}</h2>${g.what ? `<p>${escape(g.what)}</p>` : ''}<ul>${g.lines.join('')}</ul></section>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>JuCard channel sandbox</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{margin-top:1.6rem;font-size:1.1rem}ul{padding-left:1.2rem}code{font-size:.9em}li code:first-child{display:inline-block;width:4.5rem;color:#555}</style>
</head><body>
<h1>JuCard channel sandbox</h1>
<p>Stands in for the outside services on this machine, with their real protocols: WeChat login, the SMS gateway,
WeChat Pay v3, Alipay, UnionPay and the custody bank. Not a real payment service. Details and the control API's
bodies: <code>scripts/sandbox/README.md</code>.</p>
${sections.join('\n')}
</body></html>
`;
}
