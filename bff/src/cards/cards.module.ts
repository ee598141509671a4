import { forwardRef, Module } from '@nestjs/common';
import { CardProductsModule } from '../card-products/card-products.module';
import { ContractsModule } from '../contracts/contracts.module';
import { LedgerModule } from '../ledger/ledger.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { RiskModule } from '../risk/risk.module';
import { CardExpiryController } from './card-expiry.controller';
import { CardExpiryReminderJob } from './card-expiry-reminder.job';
import { CardExpiryRepository } from './card-expiry.repository';
import { CardExpiryService } from './card-expiry.service';
import { CardLossController, StaffCardLossController } from './card-loss.controller';
import { CardLossService } from './card-loss.service';
import { CardTermsController } from './card-terms.controller';
import { CardTermsService } from './card-terms.service';
import { CardsController } from './cards.controller';
import { CardsService } from './cards.service';
import { CardsRepository } from './cards.repository';

@Module({
  imports: [CardProductsModule, ContractsModule, LedgerModule, MerchantsModule, forwardRef(() => RiskModule)],
  controllers: [CardsController, CardLossController, StaffCardLossController, CardExpiryController, CardTermsController],
  providers: [CardsRepository, CardsService, CardLossService, CardExpiryRepository, CardExpiryService, CardExpiryReminderJob, CardTermsService],
  exports: [CardsRepository, CardsService],
})
export class CardsModule {}
