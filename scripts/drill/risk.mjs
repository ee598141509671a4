#!/usr/bin/env node
// `npm run drill:risk [-- --smoke]`: risk control under normal traffic mixed with abuse, through the public API.
//
// Starts MariaDB + Redis (scripts/services.sh), a fresh database jucard_drill_risk, the channel sandbox and the BFF
// (all on loopback). Normal traffic: consumers (each on a phone of its own, X-Device-Id) claim a card, top it up
// through the sandbox's WeChat Pay and buy at the till. Each abuse pattern runs at a merchant of its own, so the case
// it should open is attributable: one device topping up many consumers' cards, one payer account topping up many
// times and many cards, a top-up spent at once at the same merchant again and again (套现), round top-ups just
// under the anonymous card's ¥1,000 cap, a 退卡 right after a paid top-up, five consumers claiming coupons on one
// phone, and for the nightly scan (run on today so
// far) a merchant whose sales come from two cards only their holders pay for and a card whose top-ups pass straight
// through it. Then redemption throughput with the shipped rules on and with every
// platform rule switched off, in balanced alternating rounds (ABBA) of the same run. Bounded by counts and by --seconds.
// Progress on stderr; LAST on stdout one JSON line: per pattern caught / missed, normal operations refused
// (RISK_BLOCKED / RISK_HELD, target 0) and reviewed (a case on normal traffic), sales per second on / off and ratio.
// Knobs: --consumers (DRILL_CONSUMERS, 30; smoke 8), --sales (DRILL_SALES, 1200 per mode; smoke 300), --seconds (300).
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { ensureBuilt, info, recreateDatabase, shared } from '../bench/lib/env.mjs';
import { api, creditCards, insertOperator, mintCodes, operatorToken } from '../bench/lib/fixtures.mjs';
import { startBff } from '../bench/lib/procs.mjs';
import { benchEnvironment, eachLimit, runBench, running, runSandbox, SMOKE } from '../bench/lib/run.mjs';
import { sampleResidentIdNo } from '../sandbox/identity.mjs';

const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const num = (name, env, full, smoke) => Number(arg(name) ?? process.env[env] ?? (SMOKE ? smoke : full));
const CONSUMERS = num('consumers', 'DRILL_CONSUMERS', 30, 8);
const SALES = num('sales', 'DRILL_SALES', 1_200, 300);
const SECONDS = num('seconds', 'DRILL_SECONDS', 300, 120);
// every consumer and merchant of the drill signs up from 127.0.0.1: the per-address budgets would refuse the crowd
const UNLIMITED = Object.fromEntries(['LOGIN', 'SMS', 'REGISTER', 'MEMBER_CODE'].flatMap((k) => [[`LIMIT_${k}_PER_IP`, '1000000/60'], [`LIMIT_${k}_GLOBAL`, '1000000/60']]));
const hex = () => randomBytes(5).toString('hex');
const device = () => `drill-${randomBytes(8).toString('hex')}`;

const KYC = {
  companyName: '风控演练有限公司', creditCode: '91350100M000100Y43', legalRepresentative: '张三', contactName: '李四',
  contactPhone: '13912345678', settlementAccountName: '风控演练有限公司', settlementAccountNo: '6222020200112233445', settlementBankName: '中国银行上海分行',
};
const product = (kind, name) => ({
  name, coverStyle: 'jade', kind, tiers: [{ payFen: 50_000, bonusFen: 5_000 }], allowCustomAmount: true,
  minTopUpFen: 1_000, storeIds: [], deductionRule: 'PRO_RATA', pointsPerYuan: 1, description: 'risk drill',
});

async function main() {
  const deadline = Date.now() + SECONDS * 1000;
  const inTime = () => Date.now() < deadline;
  info(`mode ${SMOKE ? 'SMOKE' : 'full'}: ${CONSUMERS} normal consumers, ${SALES} sales per mode, ≤ ${SECONDS} s`);
  const builtClean = ensureBuilt();
  const env = benchEnvironment({ pool: 16, db: 'jucard_drill_risk', redisDb: 14, extra: { LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'error', MEMBER_CODE_ISSUE_PER_MINUTE: '100000', ...UNLIMITED } });
  recreateDatabase(env);
  const { openDatabase } = await import('../bench/lib/fixtures.mjs');
  const db = (running.db = await openDatabase(env));
  await runSandbox(env, 'risk-sandbox');
  running.bff = await startBff(env, 'risk-bff');
  const base = running.bff.url;
  const sandbox = running.sandbox.url;
  const call = api(base);
  const raw = async (method, path, { token, body, deviceId } = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(deviceId ? { 'x-device-id': deviceId } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const control = (path, body = {}) => fetch(`${sandbox}/__control/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const operator = await insertOperator(db);
  const ops = await operatorToken(base, operator);

  async function merchant(tag, products = [['NAMED', '储值卡']]) {
    const username = `risk-${tag}-${hex()}`;
    const m = await call('POST', '/merchants/register', { body: { username, password: 'owner-password', displayName: `风控演练${tag}` } });
    const owner = (await call('POST', '/auth/staff/login', { body: { username, password: 'owner-password' } })).accessToken;
    const { kycImages } = await import('../bench/lib/fixtures.mjs');
    await call('PUT', '/merchant/kyc', { token: owner, body: { ...KYC, ...(await kycImages(call, owner)) } });
    await call('POST', `/operator/merchants/${m.id}/review`, { token: ops, body: { decision: 'APPROVE' } });
    const store = await call('POST', '/merchant/stores', { token: owner, body: { name: '一号店', address: '上海' } });
    const made = [];
    for (const [kind, name] of products) made.push(await call('POST', '/merchant/card-products', { token: owner, body: product(kind, name) }));
    return { id: m.id, owner, store, products: made };
  }

  async function consumer({ realName = true } = {}) {
    const { code } = await (await control('wechat/login-code')).json();
    const token = (await call('POST', '/auth/consumer/wechat', { body: { code } })).accessToken;
    if (realName) await call('POST', '/me/real-name', { token, body: { name: '演练用户', idNo: sampleResidentIdNo() } });
    return token;
  }
  const claim = (token, claimToken) => call('POST', '/me/cards', { token, body: { claimToken } });

  /** A top-up order (and, with `pay`, paid through the sandbox and waited for); the answer as given. */
  async function topUp(token, cardId, amountFen, { deviceId, pay = false } = {}) {
    const res = await raw('POST', '/me/topups', { token, deviceId, body: { cardId, amountFen, channel: 'WECHATPAY', idempotencyKey: randomUUID() } });
    if (res.status !== 201 || !pay) return res;
    await control(`orders/wechatpay/${new URL(res.body.cashierUrl).pathname.split('/').pop()}/pay`);
    for (let i = 0; i < 100; i++) {
      const view = await call('GET', `/me/topups/${res.body.orderId}`, { token });
      if (view.status === 'PAID') return res;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`top-up ${res.body.orderId} never paid`);
  }
  async function sell(m, token, cardId, amountFen) {
    const code = await call('POST', `/me/cards/${cardId}/member-code`, { token, body: {} });
    return raw('POST', '/merchant/redemptions', { token: m.owner, body: { code: code.numericCode, amountFen, storeId: m.store.id, merchantOrderNo: `RISK-${hex()}` } });
  }
  const refused = (res) => (['RISK_BLOCKED', 'RISK_HELD'].includes(res.body?.code) ? res.body.code : null);

  // normal traffic: each consumer on its own phone, one or two ordinary top-ups and a few purchases
  info('normal traffic…');
  const normal = await merchant('normal');
  const normalOps = { topUps: 0, sales: 0, refused: 0, refusedBy: {} };
  const normalCards = [];
  const countRefusal = (code) => {
    if (!code) return;
    normalOps.refused++;
    normalOps.refusedBy[code] = (normalOps.refusedBy[code] ?? 0) + 1;
  };
  await eachLimit(Array.from({ length: CONSUMERS }, (_, i) => i), 4, async () => {
    if (!inTime()) return;
    const token = await consumer();
    const card = await claim(token, normal.products[0].claimToken);
    const phone = device();
    normalCards.push({ token, card });
    for (const amountFen of [randomInt(50, 400) * 100 + randomInt(1, 99), ...(randomInt(2) ? [20_000] : [])]) {
      const res = await topUp(token, card.id, amountFen, { deviceId: phone, pay: true });
      normalOps.topUps++;
      const code = refused(res);
      countRefusal(code);
    }
    for (let s = 0; s < 3; s++) {
      const res = await sell(normal, token, card.id, randomInt(500, 3_000));
      normalOps.sales++;
      const code = refused(res);
      countRefusal(code);
    }
  });

  // the abuse patterns, each at a merchant of its own
  info('abuse patterns…');
  const patterns = {};
  const run = async (name, ruleId, fn) => {
    if (!inTime()) return void (patterns[name] = { rule: ruleId, ran: false });
    const m = await fn();
    patterns[name] = { rule: ruleId, merchantId: m.id, ran: true };
  };
  await run('one_device_many_cards', 'cashout.cards-per-device', async () => {
    const m = await merchant('device');
    const phone = device();
    for (let i = 0; i < 7; i++) {
      const token = await consumer();
      const card = await claim(token, m.products[0].claimToken);
      await topUp(token, card.id, 30_000 + i, { deviceId: phone });
    }
    return m;
  });
  await run('one_device_many_top_ups', 'velocity.device.hour', async () => {
    const m = await merchant('device-velocity');
    const phone = device();
    const holders = [];
    for (let i = 0; i < 3; i++) {
      const token = await consumer();
      holders.push({ token, card: await claim(token, m.products[0].claimToken) });
    }
    for (let i = 0; i < 22; i++) await topUp(holders[i % 3].token, holders[i % 3].card.id, 2_000 + i, { deviceId: phone });
    return m;
  });
  await run('one_payer_many_top_ups', 'velocity.payer.hour', async () => {
    const m = await merchant('payer-velocity');
    const token = await consumer();
    const card = await claim(token, m.products[0].claimToken);
    for (let i = 0; i < 22; i++) await topUp(token, card.id, 1_000 + i, { deviceId: device() });
    return m;
  });
  await run('one_payer_many_cards', 'cashout.cards-per-payer', async () => {
    const m = await merchant('payer-cards', Array.from({ length: 7 }, (_, i) => ['NAMED', `储值卡${i + 1}`]));
    const token = await consumer();
    for (const p of m.products) await topUp(token, (await claim(token, p.claimToken)).id, 30_000 + randomInt(1, 99), { deviceId: device() });
    return m;
  });
  await run('top_up_then_same_amount_sale', 'cashout.topup-redeem-mirror', async () => {
    const m = await merchant('mirror');
    const token = await consumer();
    const card = await claim(token, m.products[0].claimToken);
    for (const amountFen of [30_000, 45_000, 28_800, 50_000]) {
      await topUp(token, card.id, amountFen, { pay: true });
      await sell(m, token, card.id, amountFen - randomInt(0, 300));
    }
    return m;
  });
  await run('round_burst_under_cap', 'cashout.round-burst.anonymous-cap', async () => {
    // one anonymous card per top-up: each stays under the card's own cap, the consumer's burst is what the rule sees
    const m = await merchant('round', Array.from({ length: 4 }, (_, i) => ['ANONYMOUS', `不记名卡${i + 1}`]));
    const token = await consumer({ realName: false });
    for (const [i, amountFen] of [90_000, 80_000, 90_000, 70_000].entries()) {
      const card = await claim(token, m.products[i].claimToken);
      const res = await topUp(token, card.id, amountFen);
      if (res.status !== 201) info(`round burst: a top-up of ${amountFen} fen answered ${res.status} ${res.body?.code}`);
    }
    return m;
  });

  await run('refund_right_after_top_up', 'cashout.refund-after-topup', async () => {
    const m = await merchant('refund');
    const token = await consumer();
    const card = await claim(token, m.products[0].claimToken);
    await topUp(token, card.id, 40_000, { deviceId: device(), pay: true });
    const res = await raw('POST', `/me/cards/${card.id}/refunds`, { token, body: { idempotencyKey: randomUUID() } });
    if (res.status !== 201) info(`refund after top-up: 退卡 answered ${res.status} ${res.body?.code}`);
    return m;
  });

  await run('one_device_many_claimants', 'abuse.coupon-claims-per-device', async () => {
    const m = await merchant('coupons');
    const template = await call('POST', '/merchant/coupon-templates', {
      token: m.owner,
      body: { name: '新客立减', description: '演练', kind: 'AMOUNT_OFF', amountOffFen: 1_000, percentOff: null, capFen: null, thresholdFen: 5_000, validDays: 30, storeIds: [], perConsumerLimit: 1, totalQuantity: 100 },
    });
    const phone = device();
    for (let i = 0; i < 5; i++) {
      const res = await raw('POST', '/me/coupons/claims', { token: await consumer({ realName: false }), deviceId: phone, body: { token: template.claimToken } });
      if (res.status !== 201) info(`coupon claim: answered ${res.status} ${res.body?.code}`);
    }
    return m;
  });

  // the day's view: a merchant carried by two cards that only their holders pay for, a card whose top-ups pass
  // straight through it — found by the nightly scan, run here on today so far (docs/risk.md)
  await run('few_cards_carry_a_merchant', 'batch.merchant-concentration', async () => {
    const m = await merchant('few-cards');
    const holders = [];
    for (let i = 0; i < 2; i++) {
      const token = await consumer();
      const card = await claim(token, m.products[0].claimToken);
      await topUp(token, card.id, 200_000, { deviceId: device(), pay: true });
      holders.push({ token, card });
    }
    for (let i = 0; i < 10; i++) await sell(m, holders[i % 2].token, holders[i % 2].card.id, 30_000);
    return m;
  });
  await run('top_ups_pass_through_a_card', 'batch.card-cycling', async () => {
    const m = await merchant('cycling');
    const token = await consumer();
    const card = await claim(token, m.products[0].claimToken);
    for (let i = 0; i < 3; i++) await topUp(token, card.id, 20_000, { deviceId: device(), pay: true });
    for (let i = 0; i < 3; i++) await sell(m, token, card.id, 19_000 - randomInt(0, 500));
    return m;
  });
  const scan = await call('POST', '/operator/risk/scans', { token: ops, body: { businessDate: shared().businessDayOf(new Date()) } });
  info(`scan of today: ${scan.merchantsScanned} merchants and ${scan.cardsScanned} cards with sales, ${scan.findings} findings`);

  const cases = (await call('GET', '/operator/risk/cases', { token: ops })).items;
  const summaryOfPatterns = {};
  for (const [name, p] of Object.entries(patterns)) {
    const caught = p.ran && cases.some((c) => c.merchantId === p.merchantId && c.rule.id === p.rule);
    summaryOfPatterns[name] = p.ran ? (caught ? 'caught' : 'missed') : 'not run';
  }
  const normalReviewed = cases.filter((c) => c.merchantId === normal.id).map((c) => c.rule.id);

  // redemption throughput: the shipped rules on and every platform rule off, in balanced alternating rounds
  info('redemption throughput, rules on / off…');
  const rules = (await call('GET', '/operator/risk/rules', { token: ops })).filter((r) => r.scope === 'platform');
  const loadMerchant = await merchant('load');
  const loadCards = [];
  for (let i = 0; i < 50; i++) {
    const token = await consumer({ realName: false });
    const card = await claim(token, loadMerchant.products[0].claimToken);
    const [row] = await db.ds.query('SELECT consumer_id FROM cards WHERE id = ?', [card.id]);
    loadCards.push({ id: card.id, consumerId: row.consumer_id });
  }
  await creditCards(db, loadMerchant.id, loadCards, 1_000_000, 0);
  // "on" is the rules as shipped (a rule that ships disabled, e.g. the sales-velocity rule, stays off); "off" is every
  // platform rule switched off
  const shipped = new Map(rules.map((r) => [r.id, r.enabled]));
  const setEnabled = async (on) => {
    for (const rule of rules) {
      const enabled = on && shipped.get(rule.id);
      const current = (await call('GET', `/operator/risk/rules/${encodeURIComponent(rule.id)}/versions`, { token: ops }))[0];
      if (current.enabled !== enabled) await call('PUT', `/operator/risk/rules/${encodeURIComponent(rule.id)}`, { token: ops, body: { expectedVersion: current.version, enabled } });
    }
  };
  const timed = { on: { sales: 0, ms: 0, failed: 0 }, off: { sales: 0, ms: 0, failed: 0 } };
  // an untimed warm-up of a round's size first, so neither mode is measured on a cold process; then the modes in an
  // ABBA order (on off off on …), so a trend over the run (JIT, buffer pool, Redis memory) weighs on both alike
  const ORDER = ['on', 'off', 'off', 'on', 'on', 'off', 'off', 'on'];
  const perRound = Math.max(50, Math.floor(SALES / (ORDER.length / 2)));
  await eachLimit(await mintCodes(db, loadCards, perRound, 600), 8, (code) =>
    raw('POST', '/merchant/redemptions', { token: loadMerchant.owner, body: { code, amountFen: 100, storeId: loadMerchant.store.id, merchantOrderNo: `WARM-${hex()}` } }),
  );
  for (const mode of ORDER) {
    if (!inTime()) break;
    await setEnabled(mode === 'on');
    const codes = await mintCodes(db, loadCards, perRound, 600);
    const t0 = performance.now();
    await eachLimit(codes, 8, async (code) => {
      const res = await raw('POST', '/merchant/redemptions', { token: loadMerchant.owner, body: { code, amountFen: randomInt(100, 2_000), storeId: loadMerchant.store.id, merchantOrderNo: `LOAD-${hex()}` } });
      if (res.status === 201) timed[mode].sales++;
      else timed[mode].failed++;
    });
    timed[mode].ms += performance.now() - t0;
  }
  await setEnabled(true);
  const rate = (m) => (m.ms > 0 ? Math.round((m.sales / m.ms) * 1000 * 10) / 10 : null);
  const on = rate(timed.on);
  const off = rate(timed.off);

  const caught = Object.values(summaryOfPatterns).filter((v) => v === 'caught').length;
  const summary = {
    patterns: summaryOfPatterns,
    caught,
    missed: Object.values(summaryOfPatterns).filter((v) => v === 'missed').length,
    normal_operations: normalOps.topUps + normalOps.sales,
    normal_top_ups: normalOps.topUps,
    normal_sales: normalOps.sales,
    normal_wrongly_refused: normalOps.refused,
    normal_refused_by: normalOps.refusedBy,
    normal_cases_opened: normalReviewed.length,
    scan_findings: scan.findings,
    scan_findings_on_normal: scan.scores.filter((f) => f.merchantId === normal.id).length,
    normal_case_rules: [...new Set(normalReviewed)],
    redemptions_per_s_rules_on: on,
    redemptions_per_s_rules_off: off,
    throughput_ratio_on_off: on && off ? Math.round((on / off) * 1000) / 1000 : null,
    load_sales: { on: timed.on.sales, off: timed.off.sales, failed: timed.on.failed + timed.off.failed },
    time_limit_hit: !inTime(),
    smoke: SMOKE,
    ...(builtClean ? {} : { build_errors: true }),
  };
  console.log(JSON.stringify(summary));
  // the smoke's rounds are too short for a throughput ratio to mean much: there it is printed, not judged
  const ratioOk = SMOKE || (summary.throughput_ratio_on_off !== null && summary.throughput_ratio_on_off >= 0.9);
  return summary.missed === 0 && normalOps.refused === 0 && ratioOk ? 0 : 1;
}

await runBench(main);
