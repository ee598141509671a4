import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Cards: the cards context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class CardsRepository {
  constructor(private readonly dataSource: DataSource) {}
}
