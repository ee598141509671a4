import { Module } from '@nestjs/common';
import { CardsModule } from '../cards/cards.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { CODE_RECEIPTS } from './code-receipts.port';
import { MemberCodeSigner } from './member-code-signer';
import { MemberCodesController } from './member-codes.controller';
import { MemberCodesService } from './member-codes.service';
import { MemberCodesRepository } from './member-codes.repository';
import { RedemptionReceipts } from './redemption-receipts.adapter';

@Module({
  imports: [CardsModule, MerchantsModule],
  controllers: [MemberCodesController],
  providers: [MemberCodesRepository, MemberCodesService, MemberCodeSigner, { provide: CODE_RECEIPTS, useClass: RedemptionReceipts }],
  exports: [MemberCodesRepository, MemberCodesService],
})
export class MemberCodesModule {}
