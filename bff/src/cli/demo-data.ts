import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OperatorEntity, ConsumerEntity } from '../auth/identity.entities';
import { PasswordHasher } from '../auth/password-hasher';
import type { StaffPrincipal } from '../auth/principal';
import { CardProductsService } from '../card-products/card-products.service';
import { CardsService } from '../cards/cards.service';
import { IdGenerator } from '../common/ids';
import { FilesService } from '../files/files.service';
import { solidPng } from '../files/solid-png';
import { MerchantsService } from '../merchants/merchants.service';
import { StaffUserEntity } from '../merchants/merchant.entity';

export const DEMO = {
  operator: { username: 'ops-admin', password: 'Ops#2026demo' },
  owner: { username: 'lotus-owner', password: 'Owner#2026demo' },
  cashier: { username: 'lotus-cashier', password: 'Cashier#2026demo' },
  consumerPhone: '13800138000',
  /** A merchant that signed up and submitted its KYC: the operator's 待审核 queue has it on first start. */
  applicant: { username: 'qinghe-owner', password: 'Owner#2026demo', displayName: '青禾烘焙' },
};

/** One demo login, as written to .data/demo-logins.json. */
export interface DemoLogin {
  role: string;
  username: string;
  password: string;
  note: string;
}

/**
 * Demo data for local use, created through the same services the API uses (so it obeys every rule):
 * an operator, an approved merchant with two stores, an owner and a cashier, a card product with bonus tiers,
 * a consumer holding a card, and a second merchant waiting for review with its licence and ID images.
 * Each part is looked up by its username first, so running it again changes nothing.
 */
export async function seedDemo(app: INestApplicationContext, log = new Logger('Seed')): Promise<DemoLogin[]> {
  const dataSource = app.get(DataSource);
  const staffRow = (username: string) => dataSource.getRepository(StaffUserEntity).findOneBy({ username });
  if (await staffRow(DEMO.owner.username)) {
    log.log('demo merchant already present');
  } else {
    await seedApprovedMerchant(app);
  }
  if (await staffRow(DEMO.applicant.username)) {
    log.log('demo merchant waiting for review already present');
  } else {
    const merchantId = await seedApplicant(app);
    log.log(`seeded merchant ${DEMO.applicant.displayName} (${merchantId}), waiting for review`);
  }

  const product = await dataSource.query("SELECT claim_token FROM card_products WHERE name = '莲花健身储值卡' LIMIT 1");
  return [
    { role: 'operator', username: DEMO.operator.username, password: DEMO.operator.password, note: 'POST /auth/operator/login — reviews merchants (青禾烘焙 is waiting)' },
    { role: 'merchant owner', username: DEMO.owner.username, password: DEMO.owner.password, note: 'POST /auth/staff/login — 莲花健身, two stores' },
    { role: 'cashier', username: DEMO.cashier.username, password: DEMO.cashier.password, note: 'POST /auth/staff/login — 静安店' },
    { role: 'merchant under review', username: DEMO.applicant.username, password: DEMO.applicant.password, note: 'POST /auth/staff/login — 青禾烘焙, KYC submitted, 待审核' },
    { role: 'consumer', username: DEMO.consumerPhone, password: 'one-time code', note: 'POST /auth/consumer/phone/code, the code is printed by the channel sandbox' },
    { role: 'claim link', username: `/claim/${(product[0] as { claim_token: string } | undefined)?.claim_token ?? '?'}`, password: '-', note: 'GET it to preview the card; POST /me/cards to claim' },
  ];
}

/** The owner of a merchant just registered, as the services expect a signed-in owner. */
async function ownerOf(app: INestApplicationContext, username: string, merchantId: string): Promise<StaffPrincipal> {
  const row = await app.get(DataSource).getRepository(StaffUserEntity).findOneByOrFail({ username });
  return { kind: 'staff', staffId: row.id, merchantId, role: 'OWNER', storeIds: [] };
}

/** The licence and ID images a KYC submission needs: plain colour squares stand in for the demo's. */
async function kycImages(app: INestApplicationContext, owner: StaffPrincipal, colours: { licence: [number, number, number]; idCard: [number, number, number] }) {
  const files = app.get(FilesService);
  const licence = await files.upload(owner, 'BUSINESS_LICENCE', solidPng(64, 48, colours.licence).toString('base64'));
  const idCard = await files.upload(owner, 'LEGAL_REP_ID', solidPng(64, 40, colours.idCard).toString('base64'));
  return { businessLicenceFileId: licence.id, legalRepIdFileId: idCard.id };
}

async function seedApprovedMerchant(app: INestApplicationContext): Promise<void> {
  const log = new Logger('Seed');
  const dataSource = app.get(DataSource);
  const ids = app.get(IdGenerator);
  const passwords = app.get(PasswordHasher);
  let operatorRow = await dataSource.getRepository(OperatorEntity).findOneBy({ username: DEMO.operator.username });
  if (!operatorRow) {
    await dataSource.getRepository(OperatorEntity).insert({
      id: ids.uuid(),
      username: DEMO.operator.username,
      passwordHash: await passwords.hash(DEMO.operator.password),
      displayName: '平台运营',
      createdAt: new Date(),
    });
    operatorRow = await dataSource.getRepository(OperatorEntity).findOneByOrFail({ username: DEMO.operator.username });
  }
  const merchants = app.get(MerchantsService);
  const merchant = await merchants.register({ ...DEMO.owner, displayName: '莲花健身' });
  const owner = await ownerOf(app, DEMO.owner.username, merchant.id);
  await merchants.submitKyc(owner, {
    ...(await kycImages(app, owner, { licence: [200, 60, 50], idCard: [60, 110, 200] })),
    companyName: '上海莲花健身有限公司',
    creditCode: '91350100M000100Y43',
    legalRepresentative: '林小莲',
    contactName: '林小莲',
    contactPhone: '13900139000',
    settlementAccountName: '上海莲花健身有限公司',
    settlementAccountNo: '6222020200112233445',
    settlementBankName: '中国工商银行上海静安支行',
  });
  await merchants.review({ kind: 'operator', operatorId: operatorRow.id }, merchant.id, { decision: 'APPROVE', feeRateBps: 60 });
  const jingan = await merchants.createStore(owner, { name: '静安店', address: '上海市静安区南京西路 1266 号' });
  await merchants.createStore(owner, { name: '徐汇店', address: '上海市徐汇区漕溪北路 88 号' });
  await merchants.createStaff(owner, { ...DEMO.cashier, displayName: '收银员小王', role: 'CASHIER', storeIds: [jingan.id] });
  const product = await app.get(CardProductsService).create(owner, {
    name: '莲花健身储值卡',
    coverStyle: 'jade',
    kind: 'NAMED',
    tiers: [
      { payFen: 10_000, bonusFen: 0 },
      { payFen: 50_000, bonusFen: 5_000 },
      { payFen: 100_000, bonusFen: 15_000 },
    ],
    allowCustomAmount: true,
    minTopUpFen: 1_000,
    storeIds: [],
    deductionRule: 'PRO_RATA',
    pointsPerYuan: 1,
    description: '全部门店通用。本金永久有效；赠送金额随消费按比例抵扣，退卡时赠送金额不退回。',
  });
  const consumerId = ids.uuid();
  await dataSource.getRepository(ConsumerEntity).insert({ id: consumerId, phone: DEMO.consumerPhone, wechatOpenid: null, nickname: '小莲', createdAt: new Date() });
  await app.get(CardsService).claim({ kind: 'consumer', consumerId }, product.claimToken);
  log.log(`seeded merchant 莲花健身 (${merchant.id}), product claim token ${product.claimToken}`);
}

/** A bakery that registered and submitted its KYC with both images: PENDING_REVIEW, for the operator to decide. */
async function seedApplicant(app: INestApplicationContext): Promise<string> {
  const merchants = app.get(MerchantsService);
  const merchant = await merchants.register(DEMO.applicant);
  const owner = await ownerOf(app, DEMO.applicant.username, merchant.id);
  await merchants.submitKyc(owner, {
    ...(await kycImages(app, owner, { licence: [230, 170, 60], idCard: [90, 160, 120] })),
    companyName: '上海青禾食品有限公司',
    creditCode: '91310000MA1FL4XK22',
    legalRepresentative: '周青禾',
    contactName: '周青禾',
    contactPhone: '13700137000',
    settlementAccountName: '上海青禾食品有限公司',
    settlementAccountNo: '6217001210012345678',
    settlementBankName: '中国建设银行上海徐汇支行',
  });
  return merchant.id;
}
