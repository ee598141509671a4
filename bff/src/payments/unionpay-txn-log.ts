import { Injectable } from '@nestjs/common';
import { PaymentsRepository } from './payments.repository';
import type { UnionpayTxn, UnionpayTxnLog } from './providers/unionpay.channel';

/** UnionPay's send times, kept in the database so queries and refunds work after a restart and on every instance. */
@Injectable()
export class DatabaseUnionpayTxnLog implements UnionpayTxnLog {
  constructor(private readonly payments: PaymentsRepository) {}

  save(txn: UnionpayTxn): Promise<void> {
    return this.payments.saveUnionpayTxn(txn);
  }

  find(orderId: string): Promise<UnionpayTxn | null> {
    return this.payments.findUnionpayTxn(orderId);
  }
}
