import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  MAX_AMOUNT_FEN,
  RISK_ACTIONS,
  RISK_CASE_DECISIONS,
  RISK_CASE_STATUSES,
  RISK_RULE_KINDS,
  RISK_SCOPES,
  type CreateRiskRuleRequest,
  type RiskAction,
  type RiskCaseDecision,
  type RiskCaseDecisionRequest,
  type RiskCaseNoteRequest,
  type RiskScanRequest,
  type RiskCaseStatus,
  type RiskRuleKind,
  type RiskRuleParameters,
  type RiskScope,
  type UpdateRiskRuleRequest,
} from '@jucard/shared';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { IsDayText } from '../common/day-text';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const WEEK_MINUTES = 7 * 24 * 60;

export class RiskRuleParametersDto implements RiskRuleParameters {
  @ApiPropertyOptional({ example: 60, description: 'The sliding window, in minutes (at most 7 days)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(WEEK_MINUTES)
  windowMinutes?: number;

  @ApiPropertyOptional({ example: 10 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  maxCount?: number;

  @ApiPropertyOptional({ example: 5_000_000, description: 'fen' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_FEN)
  maxFen?: number;

  @ApiPropertyOptional({ example: 1_000_000, description: 'fen' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  thresholdFen?: number;

  @ApiPropertyOptional({ example: 100_000, description: 'fen under the threshold that counts as "just under"' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  bandFen?: number;

  @ApiPropertyOptional({ example: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000)
  minCount?: number;

  @ApiPropertyOptional({ example: 10_000, description: 'fen: an amount that is a multiple of it counts as round' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  roundFen?: number;

  @ApiPropertyOptional({ example: 80, description: 'percent (1–100): the share of the money a batch rule looks for' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  sharePct?: number;
}

export class UpdateRiskRuleDto implements UpdateRiskRuleRequest {
  @ApiProperty({ example: 1, description: 'The version being edited; a newer one is a 409 RISK_RULE_CHANGED' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @ApiPropertyOptional({ type: RiskRuleParametersDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RiskRuleParametersDto)
  parameters?: RiskRuleParametersDto;

  @ApiPropertyOptional({ enum: RISK_ACTIONS })
  @IsOptional()
  @IsIn(RISK_ACTIONS)
  action?: RiskAction;

  @ApiPropertyOptional({ example: '同一张卡一小时内充值超过 10 次' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Length(2, 200)
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class CreateRiskRuleDto implements CreateRiskRuleRequest {
  @ApiProperty({ enum: RISK_RULE_KINDS })
  @IsIn(RISK_RULE_KINDS)
  kind: RiskRuleKind;

  @ApiProperty({ enum: RISK_SCOPES })
  @IsIn(RISK_SCOPES)
  scope: RiskScope;

  @ApiPropertyOptional({ description: 'The merchant or product id of a scoped rule' })
  @IsOptional()
  @IsUUID()
  scopeId?: string;

  @ApiProperty({ type: RiskRuleParametersDto })
  @ValidateNested()
  @Type(() => RiskRuleParametersDto)
  parameters: RiskRuleParametersDto;

  @ApiProperty({ enum: RISK_ACTIONS })
  @IsIn(RISK_ACTIONS)
  action: RiskAction;

  @ApiProperty({ example: '该商户单卡一小时内充值超过 3 次' })
  @Transform(trimmed)
  @IsString()
  @Length(2, 200)
  reason: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class RiskCaseQuery {
  @ApiPropertyOptional({ enum: RISK_CASE_STATUSES, description: 'Default: every status' })
  @IsOptional()
  @IsIn(RISK_CASE_STATUSES)
  status?: RiskCaseStatus;
}

export class RiskCaseNoteDto implements RiskCaseNoteRequest {
  @ApiProperty({ example: '已电话联系顾客，确认为本人充值' })
  @Transform(trimmed)
  @IsString()
  @Length(2, 500)
  note: string;
}

export class RiskCaseDecisionDto extends RiskCaseNoteDto implements RiskCaseDecisionRequest {
  @ApiProperty({ enum: RISK_CASE_DECISIONS })
  @IsIn(RISK_CASE_DECISIONS)
  decision: RiskCaseDecision;

  @ApiPropertyOptional({ description: 'RELEASE or CLOSE only: the rule caught normal business (counted in the metrics)' })
  @IsOptional()
  @IsBoolean()
  falsePositive?: boolean;
}

export class RiskScanDto implements RiskScanRequest {
  @ApiProperty({ example: '2026-12-06', description: 'The business day (Asia/Shanghai) to scan; today scans what has happened so far' })
  @IsDayText()
  businessDate: string;
}

export class RiskMetricsQuery {
  @ApiPropertyOptional({ example: 7, description: 'The last N business days, today included (1–31; default 7)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(31)
  days?: number;
}
