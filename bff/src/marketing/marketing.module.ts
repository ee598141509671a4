import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CardProductsModule } from '../card-products/card-products.module';
import { CardsModule } from '../cards/cards.module';
import { AppConfig } from '../config/app-config';
import { LedgerModule } from '../ledger/ledger.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { RiskModule } from '../risk/risk.module';
import { CampaignRewards } from './campaigns-rewards';
import { CampaignsController, ConsumerCampaignsController } from './campaigns.controller';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignsService } from './campaigns.service';
import { CouponClaimLinks } from './coupon-claim-links';
import { CouponsAtTill } from './coupons-at-till';
import { CouponsRepository } from './coupons.repository';
import { CouponGrants } from './coupon-grants';
import { CouponUsesRepository } from './coupon-uses.repository';
import { CouponsService } from './coupons.service';
import { ConsumerCouponsController, CouponTemplatesController } from './marketing.controller';
import { ConsumerPointsMallController, PointsItemsController } from './points-mall.controller';
import { PointsMallRepository } from './points-mall.repository';
import { PointsMallService } from './points-mall.service';
import { PointsExpiryJob } from './points-expiry.job';
import { ConsumerMembershipController, MemberLevelsController } from './member-levels.controller';
import { MemberLevelsRepository } from './member-levels.repository';
import { MemberLevelsService } from './member-levels.service';

/** Marketing: coupon templates, grants (issued by hand, claimed from a link, earned by a top-up, exchanged for points) and held coupons; top-up campaigns; the points mall and points expiry; member levels. */
@Module({
  imports: [AuthModule, MerchantsModule, CardsModule, CardProductsModule, RiskModule, LedgerModule],
  controllers: [CouponTemplatesController, ConsumerCouponsController, CampaignsController, ConsumerCampaignsController, PointsItemsController, ConsumerPointsMallController, MemberLevelsController, ConsumerMembershipController],
  providers: [CouponsRepository, CouponUsesRepository, PointsMallRepository, PointsMallService, PointsExpiryJob, MemberLevelsRepository, MemberLevelsService, CouponGrants, CouponsService, CouponsAtTill, CampaignsRepository, CampaignsService, CampaignRewards, { provide: CouponClaimLinks, inject: [AppConfig], useFactory: (config: AppConfig) => new CouponClaimLinks(config.JWT_SECRET) }],
  exports: [CouponsRepository, CouponsService, CouponsAtTill, CampaignsService, CampaignRewards, MemberLevelsRepository],
})
export class MarketingModule {}
