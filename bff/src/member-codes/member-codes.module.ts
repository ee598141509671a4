import { Module } from '@nestjs/common';
import { CardProductsModule } from '../card-products/card-products.module';
import { CardsModule } from '../cards/cards.module';
import { LedgerModule } from '../ledger/ledger.module';
import { MarketingModule } from '../marketing/marketing.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { CodeInspection } from './code-inspection.service';
import { CODE_RECEIPTS } from './code-receipts.port';
import { MemberCodeSigner } from './member-code-signer';
import { MemberCodesController } from './member-codes.controller';
import { MemberCodesService } from './member-codes.service';
import { MemberCodesRepository } from './member-codes.repository';
import { MerchantMemberCodesController } from './merchant-member-codes.controller';
import { RedemptionReceipts } from './redemption-receipts.adapter';

@Module({
  imports: [CardsModule, CardProductsModule, LedgerModule, MerchantsModule, MarketingModule],
  controllers: [MemberCodesController, MerchantMemberCodesController],
  providers: [CodeInspection, MemberCodesRepository, MemberCodesService, MemberCodeSigner, { provide: CODE_RECEIPTS, useClass: RedemptionReceipts }],
  exports: [MemberCodesRepository, MemberCodesService],
})
export class MemberCodesModule {}
