import { Module } from '@nestjs/common';
import { CardProductsModule } from '../card-products/card-products.module';
import { CardsModule } from '../cards/cards.module';
import { ContractsModule } from '../contracts/contracts.module';
import { LedgerModule } from '../ledger/ledger.module';
import { MarketingModule } from '../marketing/marketing.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { RealNameModule } from '../real-name/real-name.module';
import { RiskModule } from '../risk/risk.module';
import { ClosingRefundsJob } from './closing-refunds.job';
import { PaymentRecordsRepository } from './payment-records.repository';
import { BalanceRefundsService } from './balance-refunds.service';
import { ChannelRefunds } from './channel-refunds';
import { ChannelRouter } from './channel-router';
import { CoolingOffRefundsService } from './cooling-off-refunds.service';
import { DuplicatePaymentRefunds } from './duplicate-payments.service';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { PaymentChannels } from './payment-channels';
import { PaymentPoller } from './payment-poller.service';
import { PaymentsController } from './payments.controller';
import { TopUpSettlement } from './topup-settlement.service';
import { TopUpsService } from './topups.service';
import { DatabaseUnionpayTxnLog } from './unionpay-txn-log';
import { PaymentsRepository } from './payments.repository';
import { RefundsRepository } from './refunds.repository';

@Module({
  imports: [LedgerModule, CardsModule, CardProductsModule, ContractsModule, MerchantsModule, RiskModule, RealNameModule, MarketingModule],
  controllers: [PaymentsController],
  providers: [PaymentsRepository, PaymentRecordsRepository, RefundsRepository, NotificationsRepository, PaymentChannels, ChannelRouter, TopUpsService, TopUpSettlement, NotificationsService, PaymentPoller, ChannelRefunds, BalanceRefundsService, CoolingOffRefundsService, DuplicatePaymentRefunds, ClosingRefundsJob, DatabaseUnionpayTxnLog],
  exports: [PaymentsRepository, PaymentRecordsRepository, RefundsRepository, PaymentChannels, TopUpsService, PaymentPoller, TopUpSettlement, ChannelRefunds, BalanceRefundsService, DuplicatePaymentRefunds],
})
export class PaymentsModule {}
