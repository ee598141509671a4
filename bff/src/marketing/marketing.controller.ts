import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CouponClaimPreview, CouponTemplateView, CouponView } from '@jucard/shared';
import { Authenticated, CurrentConsumer, CurrentStaff } from '../auth/auth.guard';
import type { ConsumerPrincipal, StaffPrincipal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param.pipe';
import { CouponsService } from './coupons.service';
import { ClaimCouponDto, CouponTemplateDto, IssueCouponDto } from './marketing.dto';

@ApiTags('marketing')
@Controller('merchant/coupon-templates')
export class CouponTemplatesController {
  constructor(private readonly coupons: CouponsService) {}

  @Post()
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  create(@CurrentStaff() staff: StaffPrincipal, @Body() body: CouponTemplateDto): Promise<CouponTemplateView> {
    return this.coupons.createTemplate(staff, body);
  }

  @Get()
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  list(@CurrentStaff() staff: StaffPrincipal): Promise<CouponTemplateView[]> {
    return this.coupons.listTemplates(staff);
  }

  @Get(':templateId')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  get(@CurrentStaff() staff: StaffPrincipal, @Param('templateId', uuidParam('templateId')) templateId: string): Promise<CouponTemplateView> {
    return this.coupons.getTemplate(staff, templateId);
  }

  @Post(':templateId/stop')
  @HttpCode(200)
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  stop(@CurrentStaff() staff: StaffPrincipal, @Param('templateId', uuidParam('templateId')) templateId: string): Promise<CouponTemplateView> {
    return this.coupons.stopTemplate(staff, templateId);
  }

  @Post(':templateId/issues')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  issue(@CurrentStaff() staff: StaffPrincipal, @Param('templateId', uuidParam('templateId')) templateId: string, @Body() body: IssueCouponDto): Promise<CouponView> {
    return this.coupons.issue(staff, templateId, body);
  }
}

@ApiTags('marketing')
@Controller()
export class ConsumerCouponsController {
  constructor(private readonly coupons: CouponsService) {}

  @Get('coupon-claims/:token')
  preview(@Param('token') token: string): Promise<CouponClaimPreview> {
    return this.coupons.preview(token);
  }

  @Post('me/coupons/claims')
  @Authenticated('consumer')
  claim(@CurrentConsumer() consumer: ConsumerPrincipal, @Body() body: ClaimCouponDto, @Headers('x-device-id') deviceId: string | undefined): Promise<CouponView> {
    return this.coupons.claim(consumer, body.token, deviceId);
  }

  @Get('me/coupons')
  @Authenticated('consumer')
  mine(@CurrentConsumer() consumer: ConsumerPrincipal): Promise<CouponView[]> {
    return this.coupons.mine(consumer);
  }

  @Get('me/coupons/:couponId')
  @Authenticated('consumer')
  one(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('couponId', uuidParam('couponId')) couponId: string): Promise<CouponView> {
    return this.coupons.mineOne(consumer, couponId);
  }
}
