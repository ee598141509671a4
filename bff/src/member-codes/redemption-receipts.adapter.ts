import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { RedemptionRepository } from '../redemption/redemption.repository';
import type { CodeReceipt, CodeReceipts } from './code-receipts.port';

/**
 * CodeReceipts told by the redemption context's repository. Looked up at first use, not injected: the redemption
 * module imports this one (it consumes codes), so this one cannot import it back.
 */
@Injectable()
export class RedemptionReceipts implements CodeReceipts {
  private redemptions: RedemptionRepository | undefined;

  constructor(
    private readonly modules: ModuleRef,
    private readonly dataSource: DataSource,
    private readonly merchants: MerchantsRepository,
  ) {}

  async receiptOf(redemptionId: string): Promise<CodeReceipt> {
    const redemptions = (this.redemptions ??= this.modules.get(RedemptionRepository, { strict: false }));
    if (!redemptions) throw new Error('the redemption module is not loaded');
    const redemption = await redemptions.findById(this.dataSource.manager, redemptionId);
    const store = (await this.merchants.storesWithStatus([redemption.storeId])).get(redemption.storeId)?.store;
    return {
      redemptionId: redemption.id,
      amountFen: redemption.amountFen,
      storeName: store?.name ?? '',
      balance: {
        principalFen: redemption.principalAfterFen,
        bonusFen: redemption.bonusAfterFen,
        totalFen: redemption.principalAfterFen + redemption.bonusAfterFen,
        points: redemption.pointsAfter,
      },
      redeemedAt: redemption.createdAt.toISOString(),
    };
  }
}
