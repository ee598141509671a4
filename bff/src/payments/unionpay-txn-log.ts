import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../database/transaction-runner';
import type { UnionpayTxn, UnionpayTxnLog } from './providers/unionpay.channel';

/** UnionPay's send times, kept in the database so queries and refunds work after a restart and on every instance. */
@Injectable()
export class DatabaseUnionpayTxnLog implements UnionpayTxnLog {
  constructor(private readonly dataSource: DataSource) {}

  async save(txn: UnionpayTxn): Promise<void> {
    try {
      await this.dataSource.query('INSERT INTO unionpay_txns (order_id, txn_time, orig_order_id) VALUES (?, ?, ?)', [txn.orderId, txn.txnTime, txn.origOrderId]);
    } catch (error) {
      // the same order sent again keeps its first send time
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async find(orderId: string): Promise<UnionpayTxn | null> {
    const rows: Array<{ order_id: string; txn_time: string; orig_order_id: string | null }> = await this.dataSource.query(
      'SELECT order_id, txn_time, orig_order_id FROM unionpay_txns WHERE order_id = ?',
      [orderId],
    );
    const row = rows[0];
    return row ? { orderId: row.order_id, txnTime: row.txn_time, origOrderId: row.orig_order_id } : null;
  }
}
