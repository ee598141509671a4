import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import type { AnnounceClosingRequest, MerchantClosingNotice } from '@jucard/shared';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { Authenticated, CurrentOperator, CurrentStaff } from '../auth/auth.guard';
import type { OperatorPrincipal, StaffPrincipal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param.pipe';
import { IsDayText } from '../common/day-text';
import { MerchantClosingService } from './merchant-closing.service';

export class AnnounceClosingDto implements AnnounceClosingRequest {
  @ApiProperty({ example: '2027-01-31', description: 'The day the merchant stops taking its cards (Asia/Shanghai), CLOSING_NOTICE_DAYS ahead at least' })
  @IsDayText()
  closingDate: string;

  @ApiProperty({ example: '门店租约到期，停止营业' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(4, 200)
  reason: string;
}

/** 停业公告: the owner's notice of closing (docs/compliance.md §10). */
@ApiTags('merchants')
@Controller('merchant/closing')
export class MerchantClosingController {
  constructor(private readonly closing: MerchantClosingService) {}

  /** The standing notice, or null. */
  @Get()
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  current(@CurrentStaff() staff: StaffPrincipal): Promise<MerchantClosingNotice | null> {
    return this.closing.current(staff);
  }

  @Post()
  @Authenticated('staff', ['OWNER'])
  announce(@CurrentStaff() staff: StaffPrincipal, @Body() body: AnnounceClosingDto): Promise<MerchantClosingNotice> {
    return this.closing.announce(staff, body);
  }

  /** Withdraws the notice while its day is still ahead. */
  @Delete()
  @HttpCode(204)
  @Authenticated('staff', ['OWNER'])
  async withdraw(@CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.closing.withdraw(staff);
  }
}

/** 停业公告 by an operator, for a merchant whose owner cannot announce it (docs/compliance.md §10). */
@ApiTags('operator')
@Controller('operator/merchants/:merchantId/closing')
export class OperatorMerchantClosingController {
  constructor(private readonly closing: MerchantClosingService) {}

  @Get()
  @Authenticated('operator')
  current(@Param('merchantId', uuidParam('merchantId')) merchantId: string): Promise<MerchantClosingNotice | null> {
    return this.closing.currentOf(merchantId);
  }

  @Post()
  @Authenticated('operator')
  announce(@CurrentOperator() operator: OperatorPrincipal, @Param('merchantId', uuidParam('merchantId')) merchantId: string, @Body() body: AnnounceClosingDto): Promise<MerchantClosingNotice> {
    return this.closing.announceByOperator(operator, merchantId, body);
  }

  @Delete()
  @HttpCode(204)
  @Authenticated('operator')
  async withdraw(@CurrentOperator() operator: OperatorPrincipal, @Param('merchantId', uuidParam('merchantId')) merchantId: string): Promise<void> {
    await this.closing.withdrawByOperator(operator, merchantId);
  }
}
