import { randomBytes, randomUUID } from 'node:crypto';
import type { CardProductView, KycSubmission, MerchantView, StaffRole, StoreView, TokenPair, UploadedFileView, UploadPurpose } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { OperatorEntity } from '../../src/auth/identity.entities';
import { PasswordHasher } from '../../src/auth/password-hasher';
import { solidPng } from '../../src/files/solid-png';
import type { TestApp } from '../support/test-app';
import { verifyRealName } from './real-name';

/** The text of a KYC submission; the two image ids come from uploads (actors(t).kyc uploads them). */
export const validKyc = (overrides: Partial<KycSubmission> = {}): KycSubmission => ({
  businessLicenceFileId: '00000000-0000-4000-8000-000000000000',
  legalRepIdFileId: '00000000-0000-4000-8000-000000000000',
  companyName: '测试餐饮有限公司',
  creditCode: '91350100M000100Y43',
  legalRepresentative: '张三',
  contactName: '李四',
  contactPhone: '13912345678',
  settlementAccountName: '测试餐饮有限公司',
  settlementAccountNo: '6222020200112233445',
  settlementBankName: '中国银行上海分行',
  ...overrides,
});

export const productInput = (overrides: Record<string, unknown> = {}) => ({
  name: '会员储值卡',
  coverStyle: 'jade',
  kind: 'NAMED',
  tiers: [
    { payFen: 50_000, bonusFen: 5_000 },
    { payFen: 10_000, bonusFen: 0 },
  ],
  allowCustomAmount: true,
  minTopUpFen: 1_000,
  storeIds: [],
  deductionRule: 'PRO_RATA',
  pointsPerYuan: 1,
  description: '本金永久有效',
  ...overrides,
});

export const unique = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;
export const bearer = (tokens: TokenPair) => ({ Authorization: `Bearer ${tokens.accessToken}` });

/** Test actors created through the public API (operators have no sign-up API, so they are inserted). */
export function actors(t: TestApp) {
  async function operator(): Promise<TokenPair> {
    const username = unique('ops');
    const password = 'operator-password';
    await t.app.get(DataSource).getRepository(OperatorEntity).insert({
      id: randomUUID(),
      username,
      passwordHash: await t.app.get(PasswordHasher).hash(password),
      displayName: '运营',
      createdAt: new Date(),
    });
    const res = await t.http.post('/auth/operator/login').send({ username, password }).expect(200);
    return res.body as TokenPair;
  }

  async function staffLogin(username: string, password: string): Promise<TokenPair> {
    const res = await t.http.post('/auth/staff/login').send({ username, password }).expect(200);
    return res.body as TokenPair;
  }

  /** A member of the owner's merchant in `role` at the given stores, logged in. */
  async function staffMember(owner: TokenPair, role: StaffRole, storeIds: string[], displayName: string): Promise<TokenPair> {
    const username = unique(role.toLowerCase());
    const password = `${role.toLowerCase()}-password`;
    await t.http.post('/merchant/staff').set(bearer(owner)).send({ username, password, displayName, role, storeIds }).expect(201);
    return staffLogin(username, password);
  }

  /** A cashier of the owner's merchant at the given stores, logged in. */
  const cashier = (owner: TokenPair, storeIds: string[], displayName = '收银员') => staffMember(owner, 'CASHIER', storeIds, displayName);

  /** Uploads an image as this merchant's staff; the answer's id goes into a KYC submission or a product. */
  async function upload(owner: TokenPair, purpose: UploadPurpose, bytes: Buffer = solidPng(8, 8, [40, 120, 90])): Promise<UploadedFileView> {
    const res = await t.http.post('/merchant/files').set(bearer(owner)).send({ purpose, contentBase64: bytes.toString('base64') }).expect(201);
    return res.body as UploadedFileView;
  }

  /** A complete KYC submission with its two images uploaded by `owner`. */
  async function kyc(owner: TokenPair, overrides: Partial<KycSubmission> = {}): Promise<KycSubmission> {
    const licence = await upload(owner, 'BUSINESS_LICENCE');
    const idCard = await upload(owner, 'LEGAL_REP_ID');
    return validKyc({ businessLicenceFileId: licence.id, legalRepIdFileId: idCard.id, ...overrides });
  }

  /** A merchant that has registered but not yet been reviewed. */
  async function registeredMerchant(): Promise<{ merchant: MerchantView; owner: TokenPair; username: string }> {
    const username = unique('owner');
    const res = await t.http.post('/merchants/register').send({ username, password: 'owner-password', displayName: '测试商户' }).expect(201);
    return { merchant: res.body as MerchantView, owner: await staffLogin(username, 'owner-password'), username };
  }

  /** An approved merchant with one store and one product on sale; `kycOverrides` change its KYC (its settlement account). */
  async function approvedMerchant(kycOverrides: Partial<KycSubmission> = {}): Promise<{ merchant: MerchantView; owner: TokenPair; store: StoreView; product: CardProductView }> {
    const { merchant, owner } = await registeredMerchant();
    await t.http.put('/merchant/kyc').set(bearer(owner)).send(await kyc(owner, kycOverrides)).expect(200);
    const ops = await operator();
    await t.http.post(`/operator/merchants/${merchant.id}/review`).set(bearer(ops)).send({ decision: 'APPROVE' }).expect(201);
    const store = (await t.http.post('/merchant/stores').set(bearer(owner)).send({ name: '一号店', address: '上海' }).expect(201)).body as StoreView;
    const product = (await t.http.post('/merchant/card-products').set(bearer(owner)).send(productInput()).expect(201)).body as CardProductView;
    return { merchant: { ...merchant, status: 'APPROVED' }, owner, store, product };
  }

  /** A consumer logged in through the sandbox's wx.login stand-in. */
  /** A consumer signed in with WeChat and, unless told otherwise, real-name verified (a named card's top-up needs it). */
  async function consumer({ realName = true }: { realName?: boolean } = {}): Promise<TokenPair> {
    const login = await fetch(`${t.sandboxUrl}/__control/wechat/login-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({}),
    });
    const { code } = (await login.json()) as { code: string };
    const res = await t.http.post('/auth/consumer/wechat').send({ code }).expect(200);
    if (realName) await verifyRealName(t, res.body as TokenPair);
    return res.body as TokenPair;
  }

  return { operator, staffLogin, staffMember, cashier, upload, kyc, registeredMerchant, approvedMerchant, consumer };
}
