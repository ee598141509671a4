import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CardsModule } from '../cards/cards.module';
import { AppConfig } from '../config/app-config';
import { MerchantsModule } from '../merchants/merchants.module';
import { CouponClaimLinks } from './coupon-claim-links';
import { CouponsAtTill } from './coupons-at-till';
import { CouponsRepository } from './coupons.repository';
import { CouponsService } from './coupons.service';
import { ConsumerCouponsController, CouponTemplatesController } from './marketing.controller';

/** Marketing, first slice: coupon templates, grants (issued by hand or claimed from a link) and held coupons. */
@Module({
  imports: [AuthModule, MerchantsModule, CardsModule],
  controllers: [CouponTemplatesController, ConsumerCouponsController],
  providers: [CouponsRepository, CouponsService, CouponsAtTill, { provide: CouponClaimLinks, inject: [AppConfig], useFactory: (config: AppConfig) => new CouponClaimLinks(config.JWT_SECRET) }],
  exports: [CouponsRepository, CouponsService, CouponsAtTill],
})
export class MarketingModule {}
