import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { MerchantRiskHoldList } from '@jucard/shared';
import { Authenticated, CurrentStaff } from '../auth/auth.guard';
import type { StaffPrincipal } from '../auth/principal';
import { RiskHoldsService } from './risk-holds.service';

/** The merchant's side of risk control: its customers' operations a hold stopped, and what to tell them. */
@ApiTags('risk')
@Controller('merchant/risk')
export class MerchantRiskController {
  constructor(private readonly holds: RiskHoldsService) {}

  /** Under review now, and decided in the last 30 days, newest first (at most 200). Every staff role: the till asks too. */
  @Get('holds')
  @Authenticated('staff')
  list(@CurrentStaff() staff: StaffPrincipal): Promise<MerchantRiskHoldList> {
    return this.holds.holdsOf(staff.merchantId);
  }
}
