import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { BalanceRefundsService } from './balance-refunds.service';
import { ChannelRouter } from './channel-router';
import { NotificationsService } from './notifications.service';
import { PaymentChannels } from './payment-channels';
import { PaymentPoller } from './payment-poller.service';
import { PaymentsController } from './payments.controller';
import { TopUpSettlement } from './topup-settlement.service';
import { TopUpsService } from './topups.service';
import { DatabaseUnionpayTxnLog } from './unionpay-txn-log';
import { PaymentsRepository } from './payments.repository';

@Module({
  imports: [LedgerModule],
  controllers: [PaymentsController],
  providers: [PaymentsRepository, PaymentChannels, ChannelRouter, TopUpsService, TopUpSettlement, NotificationsService, PaymentPoller, BalanceRefundsService, DatabaseUnionpayTxnLog],
  exports: [PaymentsRepository, PaymentChannels, TopUpsService, PaymentPoller, TopUpSettlement, BalanceRefundsService],
})
export class PaymentsModule {}
