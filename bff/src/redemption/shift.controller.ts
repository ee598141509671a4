import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import type { ShiftSummary } from '@jucard/shared';
import { IsUUID } from 'class-validator';
import { Authenticated, CurrentStaff } from '../auth/auth.guard';
import type { StaffPrincipal } from '../auth/principal';
import { ShiftService } from './shift.service';

export class ShiftStoreDto {
  @ApiProperty()
  @IsUUID('4')
  storeId: string;
}

@ApiTags('redemption')
@Controller('merchant/shift')
export class ShiftController {
  constructor(private readonly shifts: ShiftService) {}

  @Get()
  @Authenticated('staff')
  current(@CurrentStaff() staff: StaffPrincipal, @Query() query: ShiftStoreDto): Promise<ShiftSummary> {
    return this.shifts.current(staff, query.storeId);
  }

  @Post('handover')
  @HttpCode(200)
  @Authenticated('staff')
  handOver(@CurrentStaff() staff: StaffPrincipal, @Body() body: ShiftStoreDto): Promise<ShiftSummary> {
    return this.shifts.handOver(staff, body.storeId);
  }
}
