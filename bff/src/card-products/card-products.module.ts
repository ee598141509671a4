import { Module } from '@nestjs/common';
import { ContractsModule } from '../contracts/contracts.module';
import { FilesModule } from '../files/files.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { CardProductsController } from './card-products.controller';
import { CardProductsService } from './card-products.service';
import { CardProductsRepository } from './card-products.repository';

@Module({
  imports: [MerchantsModule, FilesModule, ContractsModule],
  controllers: [CardProductsController],
  providers: [CardProductsRepository, CardProductsService],
  exports: [CardProductsRepository, CardProductsService],
})
export class CardProductsModule {}
