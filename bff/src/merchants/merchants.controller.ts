import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { MerchantSummary, MerchantView, StaffView, StoreView } from '@jucard/shared';
import { Authenticated, CurrentOperator, CurrentStaff } from '../auth/auth.guard';
import { uuidParam } from '../common/uuid-param.pipe';
import { Limited } from '../limits/limits.guard';
import type { OperatorPrincipal, StaffPrincipal } from '../auth/principal';
import { CreateStaffDto, CreateStoreDto, KycDto, RegisterMerchantDto, ReviewDto, ReviewQueueQuery } from './merchants.dto';
import { MerchantsService } from './merchants.service';

@ApiTags('merchants')
@Controller()
export class MerchantsController {
  constructor(private readonly merchants: MerchantsService) {}

  @Post('merchants/register')
  @Limited('register')
  register(@Body() body: RegisterMerchantDto): Promise<MerchantView> {
    return this.merchants.register(body);
  }

  @Get('merchant')
  @Authenticated('staff')
  mine(@CurrentStaff() staff: StaffPrincipal): Promise<MerchantView | MerchantSummary> {
    return this.merchants.mine(staff);
  }

  @Put('merchant/kyc')
  @Authenticated('staff', ['OWNER'])
  submitKyc(@CurrentStaff() staff: StaffPrincipal, @Body() body: KycDto): Promise<MerchantView> {
    return this.merchants.submitKyc(staff, body);
  }

  @Post('merchant/stores')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  createStore(@CurrentStaff() staff: StaffPrincipal, @Body() body: CreateStoreDto): Promise<StoreView> {
    return this.merchants.createStore(staff, body);
  }

  @Get('merchant/stores')
  @Authenticated('staff')
  listStores(@CurrentStaff() staff: StaffPrincipal): Promise<StoreView[]> {
    return this.merchants.listStores(staff.merchantId);
  }

  @Post('merchant/staff')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  createStaff(@CurrentStaff() staff: StaffPrincipal, @Body() body: CreateStaffDto): Promise<StaffView> {
    return this.merchants.createStaff(staff, body);
  }

  @Get('merchant/staff/me')
  @Authenticated('staff')
  me(@CurrentStaff() staff: StaffPrincipal): Promise<StaffView> {
    return this.merchants.staffMember(staff);
  }

  @Get('merchant/staff')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  listStaff(@CurrentStaff() staff: StaffPrincipal): Promise<StaffView[]> {
    return this.merchants.listStaff(staff.merchantId);
  }
}

@ApiTags('operator')
@Controller('operator/merchants')
export class OperatorMerchantsController {
  constructor(private readonly merchants: MerchantsService) {}

  @Get()
  @Authenticated('operator')
  list(@Query() query: ReviewQueueQuery): Promise<MerchantView[]> {
    return this.merchants.listForOperator(query.status);
  }

  @Post(':merchantId/review')
  @Authenticated('operator')
  review(
    @CurrentOperator() operator: OperatorPrincipal,
    @Param('merchantId', uuidParam('merchantId')) merchantId: string,
    @Body() body: ReviewDto,
  ): Promise<MerchantView> {
    return this.merchants.review(operator, merchantId, body);
  }
}
