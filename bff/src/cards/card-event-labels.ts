import { Injectable } from '@nestjs/common';
import { IdentityRepository } from '../auth/identity.repository';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { PaymentsRepository } from '../payments/payments.repository';
import { RedemptionRepository } from '../redemption/redemption.repository';
import { splitOperationId, type EventLabel } from './card-events';

/** Receipt facts beyond the history line: who was at the counter, which channel paid. */
export interface ReceiptExtras {
  cashierName: string | null;
  channel: 'WECHATPAY' | 'ALIPAY' | 'UNIONPAY' | null;
}

/** Names the store and order of each event, asking the context that recorded it (it owns the tables). */
@Injectable()
export class CardEventLabels {
  constructor(
    private readonly redemptions: RedemptionRepository,
    private readonly payments: PaymentsRepository,
    private readonly merchants: MerchantsRepository,
    private readonly identities: IdentityRepository,
  ) {}

  async labels(merchantId: string, operationIds: string[]): Promise<Map<string, EventLabel>> {
    const refsOf = (prefix: string) => operationIds.map(splitOperationId).filter((id) => id.prefix === prefix).map((id) => id.ref);
    const [sales, reversals] = await Promise.all([this.redemptions.saleLabels(refsOf('redeem')), this.redemptions.reversalLabels(refsOf('reverse'))]);
    const stores = sales.size + reversals.size > 0 ? await this.merchants.storeNames(merchantId) : new Map<string, string>();
    const found = new Map<string, EventLabel>();
    for (const [id, sale] of sales) found.set(`redeem:${id}`, { storeName: stores.get(sale.storeId) ?? null, orderNo: sale.merchantOrderNo });
    for (const [id, sale] of reversals) found.set(`reverse:${id}`, { storeName: stores.get(sale.storeId) ?? null, orderNo: sale.merchantOrderNo });
    for (const ref of refsOf('topup')) found.set(`topup:${ref}`, { storeName: null, orderNo: ref });
    for (const ref of refsOf('card-refund')) found.set(`card-refund:${ref}`, { storeName: null, orderNo: ref });
    return found;
  }

  async extras(consumerId: string, merchantId: string, operationId: string): Promise<ReceiptExtras> {
    const { prefix, ref } = splitOperationId(operationId);
    if (prefix === 'redeem') {
      const [sale] = await this.redemptions.findByIds([ref]);
      if (!sale) return { cashierName: null, channel: null };
      if (sale.operatorType === 'pos') return { cashierName: '收银机', channel: null };
      const staff = await this.identities.staffById(sale.operatorId, merchantId);
      return { cashierName: staff?.displayName ?? null, channel: null };
    }
    if (prefix === 'topup') {
      const order = await this.payments.findOwnOrder(consumerId, ref);
      return { cashierName: null, channel: order?.channel ?? null };
    }
    return { cashierName: null, channel: null };
  }
}
