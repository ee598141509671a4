// Actors of the fuzz drill, set up through the public API: an operator, merchant A with its owner, manager,
// cashier, POS app and a consumer with a credited card; merchant B (another tenant) whose ids the fuzz aims at.
import { randomBytes } from 'node:crypto';
import { api, creditCards, insertOperator, kycImages, mintCodes, operatorToken } from '../../bench/lib/fixtures.mjs';
import { sampleResidentIdNo } from '../../sandbox/identity.mjs';

const hex = () => randomBytes(5).toString('hex');
const KYC = {
  companyName: '演练餐饮有限公司', creditCode: '91350100M000100Y43', legalRepresentative: '张三', contactName: '李四',
  contactPhone: '13912345678', settlementAccountName: '演练餐饮有限公司', settlementAccountNo: '6222020200112233445', settlementBankName: '中国银行上海分行',
};
const PRODUCT = {
  name: '演练储值卡', coverStyle: 'jade', kind: 'NAMED', tiers: [{ payFen: 50_000, bonusFen: 5_000 }], allowCustomAmount: true,
  minTopUpFen: 1_000, storeIds: [], deductionRule: 'PRO_RATA', pointsPerYuan: 1, description: 'fuzz drill',
};

async function consumerWithCard(call, sandboxUrl, claimToken) {
  const login = await fetch(`${sandboxUrl}/__control/wechat/login-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const { code } = await login.json();
  const tokens = await call('POST', '/auth/consumer/wechat', { body: { code } });
  // a named card is topped up only after 实名 (docs/compliance.md §6)
  await call('POST', '/me/real-name', { token: tokens.accessToken, body: { name: '演练用户', idNo: sampleResidentIdNo() } });
  const card = await call('POST', '/me/cards', { token: tokens.accessToken, body: { claimToken } });
  return { token: tokens.accessToken, card };
}

/** One approved merchant with a store, a product, staff of every role, a POS app and a consumer whose card is credited. */
async function merchant(db, call, sandboxUrl, opsToken, tag) {
  const ownerName = `drill-${tag.toLowerCase()}-owner-${hex()}`;
  const m = await call('POST', '/merchants/register', { body: { username: ownerName, password: 'owner-password', displayName: `演练商户${tag}` } });
  const owner = await call('POST', '/auth/staff/login', { body: { username: ownerName, password: 'owner-password' } });
  await call('PUT', '/merchant/kyc', { token: owner.accessToken, body: { ...KYC, ...(await kycImages(call, owner.accessToken)) } });
  await call('POST', `/operator/merchants/${m.id}/review`, { token: opsToken, body: { decision: 'APPROVE' } });
  const store = await call('POST', '/merchant/stores', { token: owner.accessToken, body: { name: '一号店', address: '上海' } });
  const product = await call('POST', '/merchant/card-products', { token: owner.accessToken, body: PRODUCT });
  const staff = {};
  for (const role of ['MANAGER', 'CASHIER']) {
    const username = `drill-${tag.toLowerCase()}-${role.toLowerCase()}-${hex()}`;
    const created = await call('POST', '/merchant/staff', {
      token: owner.accessToken,
      body: { username, password: 'staff-password', displayName: role, role, storeIds: [store.id] },
    });
    const login = await call('POST', '/auth/staff/login', { body: { username, password: 'staff-password' } });
    staff[role] = { id: created.id, username, token: login.accessToken };
  }
  const pos = await call('POST', '/merchant/pos-apps', { token: owner.accessToken, body: { storeId: store.id, name: '前台收银机' } });
  const consumer = await consumerWithCard(call, sandboxUrl, product.claimToken);
  await creditCards(db, m.id, [{ id: consumer.card.id }], 100_000, 10_000);
  return { id: m.id, ownerName, owner: owner.accessToken, staff, store, product, pos, consumer };
}

/**
 * The fuzz's actors and the ids it aims at. Merchant B also gets a real redemption and a top-up order, so
 * redemption, order and card ids of another tenant exist to be tried against A's tokens.
 */
export async function setUpActors(db, bffUrl, sandboxUrl) {
  const call = api(bffUrl);
  const operator = await insertOperator(db);
  const opsToken = await operatorToken(bffUrl, operator);
  const a = await merchant(db, call, sandboxUrl, opsToken, 'A');
  const b = await merchant(db, call, sandboxUrl, opsToken, 'B');
  const [row] = await db.ds.query('SELECT consumer_id FROM cards WHERE id = ?', [b.consumer.card.id]);
  const [code] = await mintCodes(db, [{ id: b.consumer.card.id, consumerId: row.consumer_id }], 1);
  const redemption = await call('POST', '/merchant/redemptions', {
    token: b.owner,
    body: { code, amountFen: 1_000, storeId: b.store.id, merchantOrderNo: `DRILL-B-${hex()}` },
  });
  const order = await call('POST', '/me/topups', {
    token: b.consumer.token,
    body: { cardId: b.consumer.card.id, amountFen: 50_000, idempotencyKey: `drill-${hex()}` },
  });
  const tokens = {
    consumer: a.consumer.token,
    owner: a.owner,
    manager: a.staff.MANAGER.token,
    cashier: a.staff.CASHIER.token,
    operator: opsToken,
  };
  // what the fuzz puts in ids: all of them belong to B (or to nobody), never to the caller's own tenant
  const foreign = {
    uuids: [b.id, b.store.id, b.product.id, b.consumer.card.id, b.staff.CASHIER.id, b.staff.MANAGER.id, redemption.redemptionId, order.orderId],
    cardNos: [b.consumer.card.cardNo].filter(Boolean),
    claimTokens: [b.product.claimToken],
    usernames: [b.ownerName, b.staff.CASHIER.username, operator.username],
    appKeys: [b.pos.appKey],
  };
  return { tokens, pos: a.pos, foreign, operator, merchants: { a, b } };
}
