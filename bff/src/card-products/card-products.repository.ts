import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Card products: the card-products context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class CardProductsRepository {
  constructor(private readonly dataSource: DataSource) {}
}
