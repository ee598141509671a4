import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RECON_CHANNELS, RECON_DIFFERENCE_STATUSES, STATEMENT_STATUSES } from '@jucard/shared';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsDayText } from '../common/day-text';
import { PageQuery } from '../common/pagination';


export class QuarterQuery {
  @ApiProperty({ example: '2026Q4', description: 'A calendar quarter in Asia/Shanghai: YYYYQ1–Q4' })
  @Matches(/^\d{4}Q[1-4]$/, { message: 'quarter must be a quarter such as 2026Q4' })
  quarter: string;
}

export class BusinessDayDto {
  @ApiProperty({ example: '2026-11-24' })
  @IsDayText()
  businessDate: string;
}

export class RunSettlementDto extends BusinessDayDto {
  @ApiPropertyOptional({ description: 'Required to settle a day that is not reconciled; recorded with the run' })
  @IsOptional()
  @IsString()
  @Length(4, 200)
  overrideReason?: string;
}

export class ResolveDifferenceDto {
  @ApiProperty({ example: '渠道确认该笔为测试交易，已线下退回' })
  @IsString()
  @Length(2, 500)
  note: string;
}

export class DifferencesQuery extends PageQuery {
  @IsOptional()
  @IsDayText()
  date?: string;

  @IsOptional()
  @IsIn(RECON_DIFFERENCE_STATUSES)
  status?: string;

  @IsOptional()
  @IsIn(RECON_CHANNELS)
  channel?: string;
}

export class StatementsQuery extends PageQuery {
  @IsOptional()
  @IsDayText()
  date?: string;

  @IsOptional()
  @IsUUID('4')
  merchantId?: string;

  @IsOptional()
  @IsIn(STATEMENT_STATUSES)
  status?: string;
}
