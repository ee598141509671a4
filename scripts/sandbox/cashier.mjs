// @ts-check
// The pay sheet stand-in for H5 (and for demos of the mini-program flow): a mobile page per order
//   GET  /cashier/{channel}/{out_trade_no}?return_url=   (WeChat's h5_url convention `redirect_url` works too)
//   POST /cashier/{channel}/{out_trade_no}/confirm        marks the order paid, which sends the notification
//   POST /cashier/{channel}/{out_trade_no}/cancel         the payer backs out; the order stays unpaid
// Both POSTs redirect (303) to the return URL when there is one; cancel goes to `quit_url` first when given
// (Alipay's page pay: "用户付款中途退出返回商户网站的地址").
import { CHANNELS } from './orders.mjs';
import { escapeHtml, fenToYuan, isHttpUrl } from './util.mjs';

const CHANNEL_NAMES = { wechatpay: '微信支付', alipay: '支付宝', unionpay: '云闪付' };
const STATUS_TEXT = { NOTPAY: '待支付', PAID: '已支付', FAILED: '支付失败', CLOSED: '已关闭' };

const STYLE = `
  *{box-sizing:border-box}body{margin:0;font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f5f5;color:#222}
  main{max-width:420px;margin:0 auto;padding:24px 16px}
  .notice{font-size:12px;color:#8a6d3b;background:#fcf8e3;border-radius:6px;padding:6px 10px;text-align:center}
  .card{background:#fff;border-radius:12px;padding:24px 16px;margin-top:16px;text-align:center}
  .merchant{font-size:15px;color:#555}.amount{font-size:40px;font-weight:600;margin:12px 0}
  .desc{font-size:14px;color:#888}.meta{font-size:12px;color:#aaa;margin-top:12px;word-break:break-all}
  form{margin-top:16px}button{width:100%;height:48px;border:0;border-radius:8px;font-size:17px}
  .pay{background:#07c160;color:#fff}.alipay .pay{background:#1677ff}.unionpay .pay{background:#e60012}
  .cancel{background:#fff;color:#555;border:1px solid #ddd}.result{font-size:18px;margin:8px 0}`;

function page(title, channel, inner, status = 200) {
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body class="${escapeHtml(channel)}"><main><div class="notice">聚卡渠道沙箱 · 模拟${escapeHtml(CHANNEL_NAMES[channel] ?? '')}收银台，不产生真实扣款</div>
${inner}</main></body></html>`;
  return { status, raw: html, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } };
}

const message = (channel, title, text, status) =>
  page(title, channel, `<div class="card"><p class="result">${escapeHtml(title)}</p><p class="desc">${escapeHtml(text)}</p></div>`, status);

export function cashier({ env = process.env, orders }) {
  const merchantName = env.SANDBOX_MERCHANT_NAME || '聚卡测试商户';

  function lookup(params) {
    if (!CHANNELS.includes(params.channel)) return { error: message('wechatpay', '未知的支付渠道', params.channel, 404) };
    const order = orders.get(params.channel, params.out_trade_no);
    if (!order) return { error: message(params.channel, '订单不存在', params.out_trade_no, 404) };
    return { order };
  }

  const returnUrlOf = (order, given) => (isHttpUrl(given) ? given : isHttpUrl(order.returnUrl) ? order.returnUrl : null);
  const quitUrlOf = (order, given) => (isHttpUrl(given) ? given : isHttpUrl(order.extra?.quitUrl) ? order.extra.quitUrl : null);
  const redirect = (url) => ({ status: 303, headers: { location: url } });

  function show({ params, query }) {
    const { order, error } = lookup(params);
    if (error) return error;
    const { channel, outTradeNo } = order;
    const returnUrl = returnUrlOf(order, query.get('return_url') ?? query.get('redirect_url'));
    const hidden = returnUrl ? `<input type="hidden" name="return_url" value="${escapeHtml(returnUrl)}">` : '';
    const quitUrl = quitUrlOf(order, query.get('quit_url'));
    const quit = quitUrl ? `<input type="hidden" name="quit_url" value="${escapeHtml(quitUrl)}">` : '';
    const action = (verb) => `/cashier/${encodeURIComponent(channel)}/${encodeURIComponent(outTradeNo)}/${verb}`;
    const buttons = order.status === 'NOTPAY'
      ? `<form method="post" action="${action('confirm')}">${hidden}<button class="pay" type="submit">确认支付</button></form>
         <form method="post" action="${action('cancel')}">${hidden}${quit}<button class="cancel" type="submit">取消</button></form>`
      : `<p class="result">${escapeHtml(STATUS_TEXT[order.status])}</p>`;
    return page(`${CHANNEL_NAMES[channel]} - ${merchantName}`, channel, `
<div class="card">
  <div class="merchant">${escapeHtml(merchantName)}</div>
  <div class="amount">¥${fenToYuan(order.amountFen)}</div>
  <div class="desc">${escapeHtml(order.description || '商品')}</div>
  <div class="meta">${escapeHtml(CHANNEL_NAMES[channel])} · 订单号 ${escapeHtml(outTradeNo)} · ${escapeHtml(STATUS_TEXT[order.status])}</div>
</div>
${buttons}`);
  }

  function confirm({ params, body }) {
    const { order, error } = lookup(params);
    if (error) return error;
    if (order.status === 'CLOSED' || order.status === 'FAILED') {
      return message(order.channel, '订单已关闭', '该订单已关闭或支付失败，请返回商户重新下单', 409);
    }
    orders.markPaid(order.channel, order.outTradeNo); // no-op when already paid
    const returnUrl = returnUrlOf(order, body?.return_url);
    return returnUrl ? redirect(returnUrl) : message(order.channel, '支付成功', `¥${fenToYuan(order.amountFen)} 已支付给 ${merchantName}`);
  }

  function cancel({ params, body }) {
    const { order, error } = lookup(params);
    if (error) return error;
    const backUrl = quitUrlOf(order, body?.quit_url) ?? returnUrlOf(order, body?.return_url);
    return backUrl ? redirect(backUrl) : message(order.channel, '已取消支付', '订单未支付，可返回商户重新发起');
  }

  return [
    { method: 'GET', path: '/cashier/{channel}/{out_trade_no}', handle: show },
    { method: 'POST', path: '/cashier/{channel}/{out_trade_no}/confirm', handle: confirm },
    { method: 'POST', path: '/cashier/{channel}/{out_trade_no}/cancel', handle: cancel },
  ];
}
