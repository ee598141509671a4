import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { OperatorEntity, ConsumerEntity } from '../auth/identity.entities';
import { PasswordHasher } from '../auth/password-hasher';
import type { StaffPrincipal } from '../auth/principal';
import { CardProductsService } from '../card-products/card-products.service';
import { CardsService } from '../cards/cards.service';
import { IdGenerator } from '../common/ids';
import { ConfigError, loadConfig } from '../config/app-config';
import { FilesService } from '../files/files.service';
import { solidPng } from '../files/solid-png';
import { MerchantsService } from '../merchants/merchants.service';
import { StaffUserEntity } from '../merchants/merchant.entity';

const DEMO = {
  operator: { username: 'ops-admin', password: 'Ops#2026demo' },
  owner: { username: 'lotus-owner', password: 'Owner#2026demo' },
  cashier: { username: 'lotus-cashier', password: 'Cashier#2026demo' },
  consumerPhone: '13800138000',
};

/**
 * Demo data for local use, created through the same services the API uses (so it obeys every rule):
 * an operator, an approved merchant with two stores, an owner and a cashier, a card product with bonus tiers,
 * and a consumer holding a card. Running it again changes nothing.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.NODE_ENV === 'production') throw new Error('seed refuses to run with NODE_ENV=production');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, LEDGER_ROLLUP_INTERVAL_MS: 0 } as typeof config), {
    logger: ['error', 'warn'],
  });
  const log = new Logger('Seed');
  try {
    const dataSource = app.get(DataSource);
    const ids = app.get(IdGenerator);
    const passwords = app.get(PasswordHasher);
    if (await dataSource.getRepository(StaffUserEntity).findOneBy({ username: DEMO.owner.username })) {
      log.log('demo data already present; nothing to do');
    } else {
      await dataSource.getRepository(OperatorEntity).insert({
        id: ids.uuid(),
        username: DEMO.operator.username,
        passwordHash: await passwords.hash(DEMO.operator.password),
        displayName: '平台运营',
        createdAt: new Date(),
      });
      const operatorRow = await dataSource.getRepository(OperatorEntity).findOneByOrFail({ username: DEMO.operator.username });
      const merchants = app.get(MerchantsService);
      const merchant = await merchants.register({ ...DEMO.owner, displayName: '莲花健身' });
      const ownerRow = await dataSource.getRepository(StaffUserEntity).findOneByOrFail({ username: DEMO.owner.username });
      const owner: StaffPrincipal = { kind: 'staff', staffId: ownerRow.id, merchantId: merchant.id, role: 'OWNER', storeIds: [] };
      // stand-in images: the demo's licence and ID card are plain colour squares
      const files = app.get(FilesService);
      const licence = await files.upload(owner, 'BUSINESS_LICENCE', solidPng(64, 48, [200, 60, 50]).toString('base64'));
      const idCard = await files.upload(owner, 'LEGAL_REP_ID', solidPng(64, 40, [60, 110, 200]).toString('base64'));
      await merchants.submitKyc(owner, {
        businessLicenceFileId: licence.id,
        legalRepIdFileId: idCard.id,
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
        description: '全部门店通用。本金永久有效；赠送金额随消费按比例抵扣，退卡时不予退还。',
      });
      const consumerId = ids.uuid();
      await dataSource.getRepository(ConsumerEntity).insert({ id: consumerId, phone: DEMO.consumerPhone, wechatOpenid: null, nickname: '小莲', createdAt: new Date() });
      await app.get(CardsService).claim({ kind: 'consumer', consumerId }, product.claimToken);
      log.log(`seeded merchant 莲花健身 (${merchant.id}), product claim token ${product.claimToken}`);
    }

    const product = await dataSource.query("SELECT claim_token FROM card_products WHERE name = '莲花健身储值卡' LIMIT 1");
    const logins = [
      { role: 'operator', username: DEMO.operator.username, password: DEMO.operator.password, note: 'POST /auth/operator/login — reviews merchants' },
      { role: 'merchant owner', username: DEMO.owner.username, password: DEMO.owner.password, note: 'POST /auth/staff/login — 莲花健身, two stores' },
      { role: 'cashier', username: DEMO.cashier.username, password: DEMO.cashier.password, note: 'POST /auth/staff/login — 静安店' },
      { role: 'consumer', username: DEMO.consumerPhone, password: 'one-time code', note: 'POST /auth/consumer/phone/code, the code is printed by the channel sandbox' },
      { role: 'claim link', username: `/claim/${(product[0] as { claim_token: string } | undefined)?.claim_token ?? '?'}`, password: '-', note: 'GET it to preview the card; POST /me/cards to claim' },
    ];
    const file = resolve('.data/demo-logins.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(logins, null, 2));
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
