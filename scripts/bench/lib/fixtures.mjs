// Bench fixtures: a merchant set up through the public API, cards credited through the ledger, member codes minted.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { dist, require } from './env.mjs';
import { eachLimit } from './run.mjs';

// packages resolved from bff/, so the DataSource is the same typeorm the compiled entities registered with
require('reflect-metadata');
const { DataSource } = require('typeorm');
const { loadConfig } = dist('config/app-config.js');
const { dataSourceOptions } = dist('database/data-source-options.js');
const { TransactionRunner } = dist('database/transaction-runner.js');
const { sqlTime, placeholders } = dist('database/sql-values.js');
const { SystemClock } = dist('common/clock.js');
const { LedgerRepository } = dist('ledger/ledger.repository.js');
const { LedgerService } = dist('ledger/ledger.service.js');
const { LedgerRollupService } = dist('ledger/ledger-rollup.service.js');
const { PlatformAccounts } = dist('ledger/platform-accounts.js');
const { LEDGERS, TRANSFER_CODES } = dist('ledger/ledger.constants.js');
const { MemberCodeSigner } = dist('member-codes/member-code-signer.js');
const { PasswordHasher } = dist('auth/password-hasher.js');

/** The bench's own connection to the bench database (a small pool; idle while load runs). */
export async function openDatabase(env) {
  const config = loadConfig({ ...env, DB_POOL_SIZE: '4' });
  const ds = new DataSource(dataSourceOptions(config));
  await ds.initialize();
  const clock = new SystemClock();
  const tx = new TransactionRunner(ds);
  const ledger = new LedgerService(ds, tx, new LedgerRepository(), clock);
  return {
    ds,
    ledger,
    accounts: new PlatformAccounts(ledger),
    rollup: new LedgerRollupService(tx, clock, config),
    signer: new MemberCodeSigner(config),
  };
}

/** A tiny JSON client for the BFF; any unexpected status throws with the body. */
export function api(base) {
  return async (method, path, { token, body, expect = [200, 201] } = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!expect.includes(res.status)) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
}


const hex = () => randomBytes(5).toString('hex');

/** An operator inserted into the bench database (operators have no sign-up API): { id, username, password }. */
export async function insertOperator(db) {
  const operator = { id: randomUUID(), username: `bench-ops-${hex()}`, password: 'operator-password' };
  await db.ds.query('INSERT INTO operators (id, username, password_hash, display_name, created_at) VALUES (?, ?, ?, ?, ?)', [
    operator.id, operator.username, await new PasswordHasher().hash(operator.password), '压测运营', sqlTime(new Date()),
  ]);
  return operator;
}

/** The operator's access token from POST /auth/operator/login. */
export async function operatorToken(bffUrl, operator) {
  const tokens = await api(bffUrl)('POST', '/auth/operator/login', { body: { username: operator.username, password: operator.password } });
  return tokens.accessToken;
}

// a 1×1 PNG: KYC needs its two images uploaded (POST /merchant/files) before the submission
const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** The image ids a KYC submission carries, uploaded as the owner. */
export async function kycImages(call, token) {
  const upload = (purpose) => call('POST', '/merchant/files', { token, body: { purpose, contentBase64: ONE_PIXEL_PNG } });
  const [licence, idCard] = [await upload('BUSINESS_LICENCE'), await upload('LEGAL_REP_ID')];
  return { businessLicenceFileId: licence.id, legalRepIdFileId: idCard.id };
}

/**
 * Operator (inserted: there is no sign-up API) → merchant register → KYC → approve → store → PRO_RATA product
 * (1 point per yuan) → `cardCount` consumers, each logging in through the sandbox and claiming one card.
 */
export async function setUpMerchant(db, bffUrl, sandboxUrl, cardCount) {
  const call = api(bffUrl);
  const opsToken = await operatorToken(bffUrl, await insertOperator(db));
  const ownerName = `bench-owner-${hex()}`;
  const merchant = await call('POST', '/merchants/register', { body: { username: ownerName, password: 'owner-password', displayName: '压测商户' } });
  const owner = await call('POST', '/auth/staff/login', { body: { username: ownerName, password: 'owner-password' } });
  await call('PUT', '/merchant/kyc', {
    token: owner.accessToken,
    body: {
      companyName: '压测餐饮有限公司', creditCode: '91350100M000100Y43', legalRepresentative: '张三', contactName: '李四',
      contactPhone: '13912345678', settlementAccountName: '压测餐饮有限公司', settlementAccountNo: '6222020200112233445', settlementBankName: '中国银行上海分行',
      ...(await kycImages(call, owner.accessToken)),
    },
  });
  await call('POST', `/operator/merchants/${merchant.id}/review`, { token: opsToken, body: { decision: 'APPROVE' } });
  const staffToken = owner.accessToken; // the owner works at every store
  const store = await call('POST', '/merchant/stores', { token: staffToken, body: { name: '一号店', address: '上海' } });
  const product = await call('POST', '/merchant/card-products', {
    token: staffToken,
    body: {
      name: '压测储值卡', coverStyle: 'jade', kind: 'NAMED', tiers: [{ payFen: 50_000, bonusFen: 5_000 }], allowCustomAmount: true,
      minTopUpFen: 1_000, storeIds: [], deductionRule: 'PRO_RATA', pointsPerYuan: 1, description: 'benchmark',
    },
  });
  const cards = [];
  await eachLimit(Array.from({ length: cardCount }), 8, async () => {
    const login = await fetch(`${sandboxUrl}/__control/wechat/login-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { code } = await login.json();
    const consumer = await call('POST', '/auth/consumer/wechat', { body: { code } });
    const card = await call('POST', '/me/cards', { token: consumer.accessToken, body: { claimToken: product.claimToken } });
    cards.push({ id: card.id });
  });
  const rows = await db.ds.query(`SELECT id, consumer_id FROM cards WHERE id IN (${placeholders(cards.length)}) ORDER BY card_no`, cards.map((c) => c.id));
  return { merchantId: merchant.id, storeId: store.id, staffToken, cards: rows.map((r) => ({ id: r.id, consumerId: r.consumer_id })) };
}

/** Credits every card exactly as a paid top-up does (clearing → principal, merchant bonus pool → bonus, when there is one). */
export async function creditCards(db, merchantId, cards, principalFen, bonusFen) {
  const clearing = await db.accounts.topUpClearing('SANDBOX');
  const bonusPool = await db.accounts.merchantBonusPool(merchantId);
  await eachLimit(cards, 8, async (card) => {
    const [row] = await db.ds.query('SELECT principal_account_id AS p, bonus_account_id AS b FROM cards WHERE id = ?', [card.id]);
    await db.ledger.post({
      operationId: `bench-topup-${randomUUID()}`,
      kind: 'TOPUP',
      merchantId,
      legs: [
        { debitAccountId: clearing, creditAccountId: Number(row.p), amount: principalFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.TOPUP },
        ...(bonusFen > 0 ? [{ debitAccountId: bonusPool, creditAccountId: Number(row.b), amount: bonusFen, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_GRANT }] : []),
      ],
    });
  });
}

const usedIds = new Set();

/**
 * Mints `count` member codes over `cards` (round robin, so consecutive requests hit different cards as at a real
 * till): rows inserted as MemberCodesService.issue writes them, rendered with the same MemberCodeSigner and key.
 * They live 60 s (+5 s grace) from now. Returns the numeric (barcode) codes in order.
 */
export async function mintCodes(db, cards, count, ttlSeconds = 60) {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  const keyId = db.signer.activeKeyId;
  const codes = [];
  for (let start = 0; start < count; start += 1000) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      let id;
      do id = String(randomInt(0, 1e9)).padStart(9, '0');
      while (usedIds.has(id));
      usedIds.add(id);
      const card = cards[i % cards.length];
      rows.push([id, card.id, card.consumerId, keyId, sqlTime(expiresAt), sqlTime(now)]);
      codes.push(db.signer.render({ keyId, codeId: id, cardId: card.id, expiresAt }).numericCode);
    }
    await db.ds.query(
      `INSERT INTO member_codes (id, card_id, consumer_id, key_id, expires_at, created_at) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      rows.flat(),
    );
  }
  return codes;
}

/** What one bench coupon takes off a sale: ¥0.10, no threshold (the sale is ¥1, so the card pays ¥0.90). */
export const BENCH_COUPON_OFF_FEN = 10;
/** The most of one template a holder may have (CouponTemplateDto's limit): more coupons per card use more templates. */
const COUPONS_PER_TEMPLATE_AND_HOLDER = 100;

/**
 * Sales with a coupon for the till bench: `count` member codes over `cards` (round robin, as mintCodes), each paired
 * with a fresh coupon of that card's holder. The merchant's templates (无门槛减0.10, one per 100 coupons a holder
 * holds) are created through the API; the coupons are inserted as CouponGrants writes them (source ISSUED, valid a
 * day, the template's issued_count kept), as mintCodes inserts member codes. Returns [{ code, couponId }] in order.
 * `state` carries the templates and each holder's count from one call to the next.
 */
export async function mintCouponSales(db, bffUrl, m, cards, count, state = { templates: [], held: new Map() }) {
  const call = api(bffUrl);
  const now = new Date();
  const validUntil = new Date(now.getTime() + 86_400_000);
  const codes = await mintCodes(db, cards, count);
  const sales = [];
  const rows = [];
  const issued = new Map();
  for (let i = 0; i < count; i++) {
    const card = cards[i % cards.length];
    const held = state.held.get(card.consumerId) ?? 0;
    state.held.set(card.consumerId, held + 1);
    const which = Math.floor(held / COUPONS_PER_TEMPLATE_AND_HOLDER);
    while (state.templates.length <= which) {
      const template = await call('POST', '/merchant/coupon-templates', {
        token: m.staffToken,
        body: { name: `压测券${state.templates.length + 1}`, kind: 'AMOUNT_OFF', amountOffFen: BENCH_COUPON_OFF_FEN, percentOff: null, capFen: null, thresholdFen: 0, validDays: 1, storeIds: [], perConsumerLimit: COUPONS_PER_TEMPLATE_AND_HOLDER, totalQuantity: 1_000_000 },
      });
      state.templates.push(template.id);
    }
    const templateId = state.templates[which];
    const id = randomUUID();
    issued.set(templateId, (issued.get(templateId) ?? 0) + 1);
    rows.push([id, templateId, m.merchantId, card.consumerId, (held % COUPONS_PER_TEMPLATE_AND_HOLDER) + 1, `bench:${id}`, 'ISSUED', sqlTime(now), sqlTime(validUntil), 'AVAILABLE', sqlTime(now)]);
    sales.push({ code: codes[i], couponId: id });
  }
  for (let start = 0; start < rows.length; start += 1000) {
    const chunk = rows.slice(start, start + 1000);
    await db.ds.query(
      `INSERT INTO coupons (id, template_id, merchant_id, consumer_id, ordinal, grant_key, source, valid_from, valid_until, status, issued_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flat(),
    );
  }
  for (const [templateId, n] of issued) await db.ds.query('UPDATE coupon_templates SET issued_count = issued_count + ? WHERE id = ?', [n, templateId]);
  return sales;
}
