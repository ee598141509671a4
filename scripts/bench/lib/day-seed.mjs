// One business day of a busy platform, written straight into the bench database with bulk multi-row INSERTs over
// mysql2 (going through the API would take hours for a million redemptions):
//   approved merchants (KYC with a settlement account, fee rates varying, some on the platform default), a store,
//   an owner and a card product each; consumers with one card each and its three ledger accounts;
//   one paid top-up per card early in the day, spread over the three channels (order PAID, attempt SUCCEEDED,
//   UnionPay's txnTime, ledger TOPUP from the channel's clearing account + BONUS_GRANT from the merchant's pool);
//   the day's redemptions and ~1% reversals as RedeemCard / RefundRedemption write them: rows, ledger operations
//   with the ledger's own request hash, transfers with the same ids, codes and rollup markers (0 = applied to the
//   cold card account at once, NULL = waiting for the rollup of a hot account), and each card account's posted
//   totals equal to its transfers;
//   two top-ups the channel has paid but whose notification never arrived (order PAYING, attempt PENDING), for the
//   reconciliation to repair.
// Member codes and audit rows are not written: settlement and reconciliation never read them.
// Splits, points, reversal shares, hashes and every ledger number come from the compiled BFF (bff/dist).
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { dist, info, require, shared } from './env.mjs';

const mysql = require('mysql2/promise');
const { cardNumberFromRandomDigits } = require('@jucard/shared');
const { ACCOUNT_CODES, ACCOUNT_FLAGS, LEDGERS, TRANSFER_CODES } = dist('ledger/ledger.constants.js');
const { hashLegs } = dist('ledger/ledger.service.js');
const { pointsFor, reversalShare, splitRedemption } = dist('redemption/deduction.js');
const { hashOf } = dist('redemption/redemption.service.js');
const { CHANNELS } = dist('payments/channel.port.js');
const { chinaCompact } = dist('payments/providers/china-time.js');
const { businessDayRange } = shared();
const { sqlTime } = dist('database/sql-values.js');
const { PasswordHasher } = dist('auth/password-hasher.js');

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Product shapes, one per merchant in turn: deduction rule, top-up bonus (% of the tier), points per yuan. */
const PROFILES = [
  { rule: 'PRO_RATA', bonusPct: 10, pointsPerYuan: 1 },
  { rule: 'PRINCIPAL_FIRST', bonusPct: 0, pointsPerYuan: 0 },
  { rule: 'BONUS_FIRST', bonusPct: 5, pointsPerYuan: 0 },
  { rule: 'PRO_RATA', bonusPct: 0, pointsPerYuan: 2 },
];
const TIER_PAYS = [50_000, 100_000, 200_000, 300_000];
const FEE_RATES = [null, 30, 45, 60, 80, 100, 120, 25]; // null: approved without a rate of its own (DEFAULT_FEE_RATE_BPS)
const NAMED_MAX_BALANCE_FEN = 500_000;
const COLD = ACCOUNT_FLAGS.DEBITS_MUST_NOT_EXCEED_CREDITS;
const HOT = ACCOUNT_FLAGS.HOT;

const COLUMNS = {
  merchants: 'id, display_name, status, kyc, reject_reason, fee_rate_bps, payment_channels, reviewed_by, reviewed_at, created_at, updated_at',
  stores: 'id, merchant_id, name, address, created_at',
  staff_users: 'id, merchant_id, username, password_hash, display_name, role, store_ids, active, created_at',
  card_products:
    'id, merchant_id, name, cover_style, kind, tiers, allow_custom_amount, min_top_up_fen, max_balance_fen, validity_months, store_ids, deduction_rule, points_per_yuan, description, status, claim_token, created_at, updated_at',
  consumers: 'id, wechat_openid, phone, nickname, created_at',
  cards: 'id, card_no, consumer_id, merchant_id, product_id, status, principal_account_id, bonus_account_id, points_account_id, expires_at, created_at',
  ledger_accounts: 'id, ledger, code, owner_ref, flags, debits_posted, credits_posted, debits_pending, credits_pending, version, created_at',
  topup_orders:
    'id, consumer_id, card_id, merchant_id, idempotency_key, request_hash, amount_fen, bonus_fen, refunded_fen, status, channel, current_attempt_id, expires_at, paid_at, created_at, updated_at',
  payment_attempts:
    'id, order_id, channel, out_trade_no, status, routing_reason, channel_reference, channel_trade_no, pay_params, next_poll_at, poll_count, created_at, updated_at',
  unionpay_txns: 'order_id, txn_time, orig_order_id',
  redemptions:
    'id, merchant_id, store_id, card_id, member_code_id, merchant_order_no, request_hash, amount_fen, principal_fen, bonus_fen, points, refunded_fen, principal_after_fen, bonus_after_fen, points_after, operator_type, operator_id, created_at',
  redemption_reversals: 'id, redemption_id, merchant_id, reversal_no, request_hash, amount_fen, principal_fen, bonus_fen, points, reason, operator_id, created_at',
  ledger_operations: 'id, request_hash, kind, status, reject_code, created_at',
  ledger_transfers: 'id, operation_id, debit_account_id, credit_account_id, amount, ledger, code, merchant_id, debit_rollup_id, credit_rollup_id, created_at',
};

/** Buffers rows per table and sends them as multi-row INSERTs, a few statements in flight at once. */
class BulkWriter {
  constructor(pool, { batch, width }) {
    Object.assign(this, { pool, batch, width, buffers: new Map(), inflight: new Set(), error: null, written: {} });
  }

  add(table, row) {
    if (this.error) throw this.error;
    let buffer = this.buffers.get(table);
    if (!buffer) this.buffers.set(table, (buffer = []));
    buffer.push(row);
    return buffer.length >= this.batch ? this.flush(table) : undefined;
  }

  async flush(table) {
    const rows = this.buffers.get(table) ?? [];
    if (rows.length === 0) return;
    this.buffers.set(table, []);
    const sent = this.pool.query(`INSERT INTO ${table} (${COLUMNS[table]}) VALUES ?`, [rows]).then(
      () => (this.written[table] = (this.written[table] ?? 0) + rows.length),
      (error) => (this.error ??= new Error(`INSERT INTO ${table} failed: ${error.message}`)),
    );
    this.inflight.add(sent);
    sent.finally(() => this.inflight.delete(sent));
    if (this.inflight.size >= this.width) await Promise.race(this.inflight);
  }

  async end() {
    for (const table of this.buffers.keys()) await this.flush(table);
    await Promise.all(this.inflight);
    if (this.error) throw this.error;
  }
}

const pad = (n, width) => String(n).padStart(width, '0');
const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const uniform = (from, to) => from + randomInt(0, Math.max(1, Math.floor(to - from)));

/** Redemption counts per merchant: uneven (a few big ones, many small), summing to exactly `items`. */
function merchantShares(items, merchants) {
  const weights = Array.from({ length: merchants }, () => 0.25 + Math.random() * 1.5);
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((items * w) / total));
  for (let i = 0, left = items - counts.reduce((a, b) => a + b, 0); left > 0; i = (i + 1) % merchants, left--) counts[i] += 1;
  return counts;
}

/** A 19-digit settlement account no; never one of the sandbox bank's refusing suffixes (4004 frozen, 4005 name). */
function settlementAccountNo(index) {
  const no = `62220202${pad(3_000_000 + index, 11)}`;
  return /400[45]$/.test(no) ? `62220203${pad(3_000_000 + index, 11)}` : no;
}

/**
 * Seeds `items` redemptions over `merchants` merchants on business day `day` (Asia/Shanghai). `operatorId` is the
 * operator recorded as having approved the merchants. Merchants are generated `group` at a time (memory stays
 * small) and each group's day is written in time order. Returns what the checks need: per merchant the settlement
 * it should get, the paid top-ups for the channel sandbox, and the totals the seed was verified against.
 */
export async function seedDay(env, { day, items, merchants, perCard, reversalPct, operatorId, batch = 2000, width = 3, group = 50 }) {
  const [dayStart, dayEnd] = businessDayRange(day).map((d) => d.getTime());
  const pool = mysql.createPool({ uri: env.DATABASE_URL, connectionLimit: width + 1, supportBigNumbers: true, bigNumberStrings: true, timezone: 'Z' });
  const w = new BulkWriter(pool, { batch, width });
  const dayCompact = day.replace(/-/g, '');
  const ownerPasswordHash = await new PasswordHasher().hash('owner-password');
  const [[{ next }]] = await pool.query('SELECT COALESCE(MAX(id), 0) + 1 AS next FROM ledger_accounts');
  let nextAccountId = Number(next); // explicit ids, so the rows can refer to accounts before they are written
  let cardSeq = randomInt(0, 1e12);
  let tradeSeq = 0;
  let codeSeq = 0;

  const totals = { operations: 0, transfers: new Map(), redemptions: 0, amountFen: 0, principalFen: 0, refundedFen: 0, reversals: 0, topups: 0, topupFen: 0, cardPrincipalFen: 0 };
  const tally = (ledger, code, amount) => {
    const key = `${ledger}:${code}`;
    const t = totals.transfers.get(key) ?? { n: 0, amount: 0 };
    t.n += 1;
    t.amount += amount;
    totals.transfers.set(key, t);
  };
  const accounts = [];
  const account = (ledger, code, ownerRef, flags, createdAt) => {
    const row = { id: nextAccountId++, ledger, code, ownerRef, flags, debits: 0, credits: 0, version: 0, createdAt };
    accounts.push(row);
    return row;
  };
  const clearing = Object.fromEntries(CHANNELS.map((c) => [c, account(LEDGERS.CNY, ACCOUNT_CODES.TOPUP_CLEARING, c, HOT, dayStart - 30 * DAY)]));

  // The day's rows of a group of merchants, written in time order once the group is generated: each merchant's
  // transfers end up spread through the table among the others', as a day of interleaved sales leaves them.
  let events = [];
  const emit = (at, table, row) => events.push({ at, table, row });

  /** One ledger operation as LedgerService.postInTransaction writes it; cold sides change the card accounts now. */
  function post(operationId, kind, merchantId, legs, at) {
    const requestHash = hashLegs(legs.map(({ debit, credit, ...l }) => ({ ...l, debitAccountId: debit.id, creditAccountId: credit.id })), merchantId);
    emit(at, 'ledger_operations', [operationId, requestHash, kind, 'POSTED', null, sqlTime(new Date(at))]);
    totals.operations += 1;
    const touched = new Set();
    for (const [index, leg] of legs.entries()) {
      const debitHot = (leg.debit.flags & HOT) !== 0;
      const creditHot = (leg.credit.flags & HOT) !== 0;
      if (!debitHot) {
        leg.debit.debits += leg.amount;
        touched.add(leg.debit);
      }
      if (!creditHot) {
        leg.credit.credits += leg.amount;
        touched.add(leg.credit);
      }
      tally(leg.ledger, leg.code, leg.amount);
      emit(at, 'ledger_transfers', [
        `${operationId}:${index}`, operationId, leg.debit.id, leg.credit.id, leg.amount, leg.ledger, leg.code, merchantId,
        debitHot ? null : 0, creditHot ? null : 0, sqlTime(new Date(at)),
      ]);
    }
    for (const a of touched) a.version += 1;
  }

  const topups = []; // for the channel sandbox: every payment the channels' bills of the day must list
  const unnotified = []; // paid at the channel, never notified: PAYING here
  function topUp(m, card, { amountFen, bonusFen, channel, createdAt, paidAt, notified }) {
    const orderId = randomUUID();
    const attemptId = randomUUID();
    const outTradeNo = `JC${new Date(createdAt).toISOString().slice(0, 10).replace(/-/g, '')}${pad(randomInt(0, 1e8), 8)}${pad(++tradeSeq, 10)}`;
    const channelTradeNo = {
      WECHATPAY: `4200000${pad(randomInt(0, 1000), 3)}${dayCompact}${pad(tradeSeq, 10)}`,
      ALIPAY: `${dayCompact}22001${pad(tradeSeq, 15)}`,
      UNIONPAY: `${pad(randomInt(0, 1e6), 6)}${pad(tradeSeq, 15)}`,
    }[channel];
    const t = (ms) => sqlTime(new Date(ms));
    emit(notified ? paidAt : createdAt, 'topup_orders', [
      orderId, card.consumerId, card.id, m.id, randomUUID(), sha256(JSON.stringify({ cardId: card.id, amountFen, channel })), amountFen, bonusFen, 0,
      notified ? 'PAID' : 'PAYING', channel, attemptId, t(createdAt + 15 * 60_000), notified ? t(paidAt) : null, t(createdAt), t(notified ? paidAt : createdAt),
    ]);
    emit(notified ? paidAt : createdAt, 'payment_attempts', [
      attemptId, orderId, channel, outTradeNo, notified ? 'SUCCEEDED' : 'PENDING', 'consumer choice', `ref${pad(tradeSeq, 20)}`,
      notified ? channelTradeNo : null, null, t(createdAt + 5_000), 0, t(createdAt), t(notified ? paidAt : createdAt),
    ]);
    if (channel === 'UNIONPAY') emit(createdAt, 'unionpay_txns', [outTradeNo, chinaCompact(new Date(createdAt)), null]);
    const imported = { channel: channel.toLowerCase(), outTradeNo, amountFen, paidAt: new Date(paidAt).toISOString(), createdAt: new Date(createdAt).toISOString(), channelTradeNo };
    if (channel === 'WECHATPAY') imported.payer = card.openid;
    if (!notified) return unnotified.push({ ...imported, orderId, cardId: card.id });
    topups.push(imported);
    totals.topups += 1;
    totals.topupFen += amountFen;
    const legs = [{ debit: clearing[channel], credit: card.principal, amount: amountFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.TOPUP }];
    if (bonusFen > 0) legs.push({ debit: m.bonusPool, credit: card.bonus, amount: bonusFen, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_GRANT });
    post(`topup:${orderId}`, 'TOPUP', m.id, legs, paidAt);
  }

  /** The card's day: one top-up covering it, then its redemptions in time order, each reversal before the next sale. */
  function cardDay(m, card, count, channel) {
    const amounts = Array.from({ length: count }, () => randomInt(3, 200) * 50); // ¥1.50 … ¥99.50
    const needed = amounts.reduce((a, b) => a + b, 0);
    const tier = TIER_PAYS.find((pay) => pay + (pay * m.profile.bonusPct) / 100 >= needed);
    const amountFen = tier ?? Math.ceil(needed / 100) * 100; // beyond the tiers: a custom amount, no bonus
    const bonusFen = tier ? (tier * m.profile.bonusPct) / 100 : 0;
    const createdAt = uniform(dayStart, dayStart + 2 * HOUR - 60_000);
    const paidAt = createdAt + uniform(3_000, 60_000);
    topUp(m, card, { amountFen, bonusFen, channel, createdAt, paidAt, notified: true });

    const times = amounts.map(() => uniform(dayStart + 2 * HOUR, dayEnd - 1_000)).sort((a, b) => a - b);
    let principal = amountFen;
    let bonus = bonusFen;
    let points = 0;
    for (let i = 0; i < count; i++) {
      const amount = amounts[i];
      const at = times[i];
      const split = splitRedemption(m.profile.rule, amount, principal, bonus);
      const earned = pointsFor(amount, m.profile.pointsPerYuan);
      principal -= split.principalFen;
      bonus -= split.bonusFen;
      points += earned;
      const reversed = Math.random() * 100 < reversalPct ? (Math.random() < 0.5 ? amount : randomInt(1, amount)) : 0;
      const id = randomUUID();
      const orderNo = `POS${m.index}-${pad(++m.sales, 7)}`;
      const code = `93${pad(++codeSeq, 16)}`;
      emit(at, 'redemptions', [
        id, m.id, m.storeId, card.id, pad(codeSeq % 1e9, 9), orderNo, hashOf({ code, amountFen: amount, storeId: m.storeId }),
        amount, split.principalFen, split.bonusFen, earned, reversed, principal, bonus, points, 'staff', m.ownerId, sqlTime(new Date(at)),
      ]);
      const legs = [];
      if (split.principalFen > 0) legs.push({ debit: card.principal, credit: m.payable, amount: split.principalFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REDEMPTION });
      if (split.bonusFen > 0) legs.push({ debit: card.bonus, credit: m.bonusPool, amount: split.bonusFen, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_REDEMPTION });
      if (earned > 0) legs.push({ debit: m.pointsPool, credit: card.points, amount: earned, ledger: LEDGERS.POINTS, code: TRANSFER_CODES.POINTS_ACCRUAL });
      post(`redeem:${id}`, 'REDEMPTION', m.id, legs, at);
      m.expected.redeemedFen += split.principalFen;
      if (split.principalFen > 0) m.expected.redemptionCount += 1;
      Object.assign(totals, { redemptions: totals.redemptions + 1, amountFen: totals.amountFen + amount, principalFen: totals.principalFen + split.principalFen, refundedFen: totals.refundedFen + reversed });
      if (reversed === 0) continue;

      // the cumulative shares RefundRedemption computes, with nothing refunded before
      const back = { principal: reversalShare(split.principalFen, amount, 0, reversed), points: reversalShare(earned, amount, 0, reversed) };
      back.bonus = reversed - back.principal;
      const reversalAt = at + Math.floor(((times[i + 1] ?? dayEnd) - at) / 2);
      const reversalId = randomUUID();
      emit(reversalAt, 'redemption_reversals', [
        reversalId, id, m.id, `R${orderNo}`, hashOf({ redemptionId: id, amountFen: reversed }), reversed, back.principal, back.bonus, back.points,
        '顾客退单', m.ownerId, sqlTime(new Date(reversalAt)),
      ]);
      const reverseLegs = [];
      if (back.principal > 0) reverseLegs.push({ debit: m.payable, credit: card.principal, amount: back.principal, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REVERSAL });
      if (back.bonus > 0) reverseLegs.push({ debit: m.bonusPool, credit: card.bonus, amount: back.bonus, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.REVERSAL });
      if (back.points > 0) reverseLegs.push({ debit: card.points, credit: m.pointsPool, amount: back.points, ledger: LEDGERS.POINTS, code: TRANSFER_CODES.REVERSAL });
      post(`reverse:${reversalId}`, 'REVERSAL', m.id, reverseLegs, reversalAt);
      principal += back.principal;
      bonus += back.bonus;
      points -= back.points;
      m.expected.reversedFen += back.principal;
      if (back.principal > 0) m.expected.reversalCount += 1;
      totals.reversals += 1;
    }
    totals.cardPrincipalFen += principal;
  }

  const counts = merchantShares(items, merchants);
  const seeded = [];
  const started = performance.now();
  let done = 0;
  for (let index = 0; index < merchants; index++) {
    const profile = PROFILES[index % PROFILES.length];
    const feeRateBps = FEE_RATES[index % FEE_RATES.length];
    const createdAt = dayStart - 60 * DAY;
    const m = {
      id: randomUUID(), index, storeId: randomUUID(), ownerId: randomUUID(), productId: randomUUID(), profile, feeRateBps, sales: 0,
      expected: { redeemedFen: 0, reversedFen: 0, redemptionCount: 0, reversalCount: 0 },
    };
    m.payable = account(LEDGERS.CNY, ACCOUNT_CODES.MERCHANT_PAYABLE, m.id, HOT, createdAt);
    m.bonusPool = account(LEDGERS.BONUS, ACCOUNT_CODES.MERCHANT_BONUS_POOL, m.id, HOT, createdAt);
    m.pointsPool = account(LEDGERS.POINTS, ACCOUNT_CODES.MERCHANT_POINTS_POOL, m.id, HOT, createdAt);
    const company = `压测${index + 1}号餐饮有限公司`;
    const kyc = {
      companyName: company, creditCode: '91350100M000100Y43', legalRepresentative: '张三', contactName: '李四', contactPhone: '13912345678',
      settlementAccountName: company, settlementAccountNo: settlementAccountNo(index), settlementBankName: '中国银行上海分行',
    };
    const t = (ms) => sqlTime(new Date(ms));
    await w.add('merchants', [m.id, `压测商户${index + 1}号`, 'APPROVED', JSON.stringify(kyc), null, feeRateBps, null, operatorId, t(createdAt + DAY), t(createdAt), t(createdAt + DAY)]);
    await w.add('stores', [m.storeId, m.id, '一号店', `上海市静安区压测路${index + 1}号`, t(createdAt + DAY)]);
    await w.add('staff_users', [m.ownerId, m.id, `bench-settle-owner-${m.id.slice(0, 8)}-${index}`, ownerPasswordHash, '店主', 'OWNER', '[]', true, t(createdAt)]);
    const tiers = TIER_PAYS.map((payFen) => ({ payFen, bonusFen: (payFen * profile.bonusPct) / 100 }));
    await w.add('card_products', [
      m.productId, m.id, '压测储值卡', 'jade', 'NAMED', JSON.stringify(tiers), true, 1_000, NAMED_MAX_BALANCE_FEN, null, '[]', profile.rule,
      profile.pointsPerYuan, 'benchmark', 'ACTIVE', randomUUID().replaceAll('-', ''), t(createdAt + DAY), t(createdAt + DAY),
    ]);

    const cardCount = Math.max(1, Math.round(counts[index] / perCard));
    for (let c = 0; c < cardCount; c++) {
      const cardCreated = dayStart - randomInt(1, 30) * DAY;
      const card = { id: randomUUID(), consumerId: randomUUID(), openid: `bench-settle-${randomUUID().replaceAll('-', '')}` };
      card.principal = account(LEDGERS.CNY, ACCOUNT_CODES.CARD_PRINCIPAL, card.id, COLD, cardCreated);
      card.bonus = account(LEDGERS.BONUS, ACCOUNT_CODES.CARD_BONUS, card.id, COLD, cardCreated);
      card.points = account(LEDGERS.POINTS, ACCOUNT_CODES.CARD_POINTS, card.id, COLD, cardCreated);
      await w.add('consumers', [card.consumerId, card.openid, null, null, t(cardCreated)]);
      await w.add('cards', [
        card.id, cardNumberFromRandomDigits(pad(cardSeq++ % 1e13, 13)), card.consumerId, m.id, m.productId, 'ACTIVE',
        card.principal.id, card.bonus.id, card.points.id, null, t(cardCreated),
      ]);
      const count = Math.floor(counts[index] / cardCount) + (c < counts[index] % cardCount ? 1 : 0);
      cardDay(m, card, count, CHANNELS[(index + c) % CHANNELS.length]);
      // the first cards of the first merchants also have a payment the channel took but never notified
      if (c === 0 && index < 2) {
        const paidAt = dayStart + 12 * HOUR + index * 60_000;
        topUp(m, card, { amountFen: 10_000, bonusFen: 0, channel: CHANNELS[index], createdAt: paidAt - 20_000, paidAt, notified: false });
      }
    }
    seeded.push({ id: m.id, feeRateBps, expected: m.expected });
    done += counts[index];
    if ((index + 1) % group !== 0 && index + 1 !== merchants) continue;

    for (const a of accounts.splice(0)) {
      await w.add('ledger_accounts', [a.id, a.ledger, a.code, a.ownerRef, a.flags, a.debits, a.credits, 0, 0, a.version, t(a.createdAt)]);
    }
    for (const e of events.sort((a, b) => a.at - b.at)) await w.add(e.table, e.row); // stable: an operation before its transfers
    events = [];
    const seconds = (performance.now() - started) / 1000;
    info(`seeding: ${index + 1}/${merchants} merchants, ${done} redemptions (${Math.round(done / seconds)}/s)`);
  }
  await w.end();
  const check = await checkSeed(pool, totals);
  await pool.end();
  return { merchants: seeded, topups, unnotified, totals, written: w.written, check };
}

/** A quick sum check of what was written against what was generated; throws when they differ. */
async function checkSeed(pool, totals) {
  const q = async (sql, params = []) => (await pool.query(sql, params))[0];
  const problems = [];
  const expect = (what, got, want) => {
    if (String(got) !== String(want)) problems.push(`${what}: database ${got}, generated ${want}`);
  };
  const [r] = await q('SELECT COUNT(*) AS n, COALESCE(SUM(amount_fen), 0) AS amount, COALESCE(SUM(principal_fen), 0) AS principal, COALESCE(SUM(refunded_fen), 0) AS refunded FROM redemptions');
  expect('redemptions', r.n, totals.redemptions);
  expect('Σ redeemed fen', r.amount, totals.amountFen);
  expect('Σ redeemed principal fen', r.principal, totals.principalFen);
  expect('Σ refunded fen', r.refunded, totals.refundedFen);
  const [v] = await q('SELECT COUNT(*) AS n FROM redemption_reversals');
  expect('reversals', v.n, totals.reversals);
  const [o] = await q('SELECT COUNT(*) AS n FROM ledger_operations');
  expect('ledger operations', o.n, totals.operations);
  const [p] = await q("SELECT COUNT(*) AS n, COALESCE(SUM(amount_fen), 0) AS amount FROM topup_orders WHERE status = 'PAID'");
  expect('paid top-ups', p.n, totals.topups);
  expect('Σ top-up fen', p.amount, totals.topupFen);
  for (const t of await q('SELECT ledger, code, COUNT(*) AS n, SUM(amount) AS amount FROM ledger_transfers GROUP BY ledger, code')) {
    const want = totals.transfers.get(`${t.ledger}:${t.code}`) ?? { n: 0, amount: 0 };
    expect(`transfers ledger ${t.ledger} code ${t.code}`, `${t.n}/${t.amount}`, `${want.n}/${want.amount}`);
  }
  const [c] = await q(
    `SELECT COALESCE(SUM(CASE WHEN code = ? THEN credits_posted - debits_posted END), 0) AS principal,
            SUM(credits_posted < debits_posted) AS negative FROM ledger_accounts WHERE (flags & ?) <> 0`,
    [ACCOUNT_CODES.CARD_PRINCIPAL, COLD],
  );
  expect('Σ card principal balances', c.principal, totals.cardPrincipalFen);
  expect('card accounts below zero', c.negative, 0);
  if (problems.length) throw new Error(`the seeded day does not add up: ${problems.join('; ')}`);
  return { redemptions: totals.redemptions, reversals: totals.reversals, operations: totals.operations, topups: totals.topups };
}
