import type { MerchantView } from '@jucard/shared';
import { actors, bearer, unique, validKyc } from '../factories/actors';
import { useTestApp } from '../support/app-hooks';

describe('merchant onboarding, stores and staff (e2e)', () => {
  const t = useTestApp();
  const a = actors(t);

  it('should take a merchant from registration through KYC to approval with a fee rate', async () => {
    const { merchant, owner } = await a.registeredMerchant();
    expect(merchant.status).toBe('DRAFT');

    const submitted = (await t.http.put('/merchant/kyc').set(bearer(owner)).send(await a.kyc(owner)).expect(200)).body as MerchantView;
    expect(submitted.status).toBe('PENDING_REVIEW');

    const ops = await a.operator();
    const queue = (await t.http.get('/operator/merchants?status=PENDING_REVIEW').set(bearer(ops)).expect(200)).body as MerchantView[];
    expect(queue.map((m) => m.id)).toContain(merchant.id);

    const approved = await t.http.post(`/operator/merchants/${merchant.id}/review`).set(bearer(ops)).send({ decision: 'APPROVE', feeRateBps: 45 }).expect(201);
    expect(approved.body).toMatchObject({ status: 'APPROVED', feeRateBps: 45 });
    expect((await t.http.get('/merchant').set(bearer(owner)).expect(200)).body.status).toBe('APPROVED');
  });

  it('should let a rejected merchant see the reason and resubmit', async () => {
    const { merchant, owner } = await a.registeredMerchant();
    await t.http.put('/merchant/kyc').set(bearer(owner)).send(await a.kyc(owner)).expect(200);
    const ops = await a.operator();

    await t.http.post(`/operator/merchants/${merchant.id}/review`).set(bearer(ops)).send({ decision: 'REJECT' }).expect(422);
    const rejected = await t.http.post(`/operator/merchants/${merchant.id}/review`).set(bearer(ops)).send({ decision: 'REJECT', reason: '营业执照不清晰' }).expect(201);
    expect(rejected.body).toMatchObject({ status: 'REJECTED', rejectReason: '营业执照不清晰' });

    const again = await t.http.put('/merchant/kyc').set(bearer(owner)).send(await a.kyc(owner, { companyName: '测试餐饮（上海）有限公司' })).expect(200);
    expect(again.body).toMatchObject({ status: 'PENDING_REVIEW', rejectReason: null });
  });

  it('should refuse a second decision on the same submission and changes to KYC under review', async () => {
    const { merchant, owner } = await a.registeredMerchant();
    const submission = await a.kyc(owner);
    await t.http.put('/merchant/kyc').set(bearer(owner)).send(submission).expect(200);
    expect((await t.http.put('/merchant/kyc').set(bearer(owner)).send(submission).expect(409)).body.code).toBe('MERCHANT_STATE_INVALID');
    const ops = await a.operator();
    await t.http.post(`/operator/merchants/${merchant.id}/review`).set(bearer(ops)).send({ decision: 'APPROVE' }).expect(201);
    const twice = await t.http.post(`/operator/merchants/${merchant.id}/review`).set(bearer(ops)).send({ decision: 'REJECT', reason: '重复' }).expect(409);
    expect(twice.body.code).toBe('MERCHANT_STATE_INVALID');
  });

  it.each([
    ['a credit code with a wrong check character', { creditCode: '91350100M000100Y44' }, 'creditCode'],
    ['a malformed contact phone', { contactPhone: '010-12345678' }, 'contactPhone'],
    ['a bank account with letters', { settlementAccountNo: '6222ABC' }, 'settlementAccountNo'],
  ])('should refuse KYC with %s and leave the merchant unchanged', async (_label, overrides, field) => {
    const { owner } = await a.registeredMerchant();
    const res = await t.http.put('/merchant/kyc').set(bearer(owner)).send(validKyc(overrides)).expect(422);
    expect(res.body.errors[field]).toBeDefined();
    expect((await t.http.get('/merchant').set(bearer(owner)).expect(200)).body).toMatchObject({ status: 'DRAFT', kyc: null });
  });

  it('should refuse a taken username', async () => {
    const { username } = await a.registeredMerchant();
    const res = await t.http.post('/merchants/register').send({ username, password: 'another-password', displayName: '另一家' }).expect(409);
    expect(res.body).toMatchObject({ code: 'USERNAME_TAKEN', messageZh: '用户名已被使用' });
  });

  it('should not let an unapproved merchant open stores', async () => {
    const { owner } = await a.registeredMerchant();
    const res = await t.http.post('/merchant/stores').set(bearer(owner)).send({ name: '店', address: '地址' }).expect(409);
    expect(res.body.code).toBe('MERCHANT_NOT_APPROVED');
  });

  it('should add staff to own stores only, and let only the owner appoint managers', async () => {
    const mine = await a.approvedMerchant();
    const theirs = await a.approvedMerchant();

    const foreignStore = await t.http
      .post('/merchant/staff')
      .set(bearer(mine.owner))
      .send({ username: unique('c'), password: 'cashier-password', displayName: '收银', role: 'CASHIER', storeIds: [theirs.store.id] })
      .expect(404);
    expect(foreignStore.body.code).toBe('STORE_NOT_FOUND');

    const manager = await a.staffMember(mine.owner, 'MANAGER', [mine.store.id], '店长');
    await t.http
      .post('/merchant/staff')
      .set(bearer(manager))
      .send({ username: unique('m2'), password: 'manager-password', displayName: '店长2', role: 'MANAGER', storeIds: [] })
      .expect(403);
    await t.http
      .post('/merchant/staff')
      .set(bearer(manager))
      .send({ username: unique('c'), password: 'cashier-password', displayName: '收银', role: 'CASHIER', storeIds: [mine.store.id] })
      .expect(201);
    const owner = await t.http
      .post('/merchant/staff')
      .set(bearer(manager))
      .send({ username: unique('o'), password: 'owner-password', displayName: '老板2', role: 'OWNER', storeIds: [] })
      .expect(422);
    expect(owner.body.errors.role).toBeDefined();

    const staff = (await t.http.get('/merchant/staff').set(bearer(mine.owner)).expect(200)).body as Array<{ role: string }>;
    expect(staff.map((s) => s.role).sort()).toEqual(['CASHIER', 'MANAGER', 'OWNER']);
    const stores = (await t.http.get('/merchant/stores').set(bearer(theirs.owner)).expect(200)).body as Array<{ id: string }>;
    expect(stores.map((s) => s.id)).toEqual([theirs.store.id]);
  });

  it('should keep operator endpoints away from merchants and consumers', async () => {
    const { owner, merchant } = await a.registeredMerchant();
    await t.http.get('/operator/merchants').set(bearer(owner)).expect(403);
    await t.http.post(`/operator/merchants/${merchant.id}/review`).set(bearer(await a.consumer())).send({ decision: 'APPROVE' }).expect(403);
    const ops = await a.operator();
    expect((await t.http.post('/operator/merchants/not-a-uuid/review').set(bearer(ops)).send({ decision: 'APPROVE' }).expect(422)).body.errors.merchantId).toBeDefined();
    expect((await t.http.post('/operator/merchants/6f9b3a8e-1d2c-4e5f-8a9b-0c1d2e3f4a5b/review').set(bearer(ops)).send({ decision: 'APPROVE' }).expect(404)).body.code).toBe('NOT_FOUND');
  });
});
