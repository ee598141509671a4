import type { PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType, PickType } from '@nestjs/swagger';
import {
  REPORT_KINDS,
  type FreezeRequest,
  type ReportKind,
  type UpdateStaffRequest,
  type UpdateStoreRequest,
} from '@jucard/shared';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { DomainError } from '../common/domain-error';
import { PageQuery } from '../common/pagination';
import { CreateStaffDto, CreateStoreDto } from '../merchants/merchants.dto';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ReportFilterQuery {
  @ApiPropertyOptional({ example: '2026-11-19', description: 'First business day (Asia/Shanghai), included; default 6 days before `to`' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-25', description: 'Last business day, included; default today' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ description: 'Redemptions only: one store of the merchant' })
  @IsOptional()
  @IsUUID('4')
  storeId?: string;

  @ApiPropertyOptional({ description: 'topups: a TopUpStatus (default: paid ones); redemptions: NORMAL | PARTIALLY_REVERSED | REVERSED; refunds: PROCESSING | SUCCEEDED | FAILED' })
  @IsOptional()
  @IsString()
  @Length(1, 24)
  status?: string;
}

export class ReportPageQuery extends IntersectionType(ReportFilterQuery, PageQuery) {}

/** `topups`, `redemptions` or `refunds`; anything else is a route that does not exist. */
export class ReportKindPipe implements PipeTransform<string, ReportKind> {
  transform(value: string): ReportKind {
    if (!(REPORT_KINDS as readonly string[]).includes(value)) throw new DomainError('ROUTE_NOT_FOUND', `no report ${value}`);
    return value as ReportKind;
  }
}

/** A store is edited with the fields, and the limits, it was created with. */
export class UpdateStoreDto extends CreateStoreDto implements UpdateStoreRequest {}

/** Any of the fields a member was created with (same limits), and whether they may still log in. */
export class UpdateStaffDto extends PartialType(PickType(CreateStaffDto, ['displayName', 'role', 'storeIds'] as const)) implements UpdateStaffRequest {
  @ApiPropertyOptional({ description: 'false: the member can no longer log in, and their tokens stop working' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class FreezeDto implements FreezeRequest {
  @ApiProperty({ example: '涉嫌套现，暂停服务待核查', minLength: 2, maxLength: 200 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(2, 200)
  reason: string;
}

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'merchant' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  targetType?: string;

  @ApiPropertyOptional({ description: 'A merchant, card, staff or store id' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  targetId?: string;
}

/** A card number in the path: 16 digits (spaces as printed are ignored). */
export class CardNoPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const cardNo = value.replace(/\s+/g, '');
    if (!/^\d{16}$/.test(cardNo)) throw new DomainError('VALIDATION_FAILED', 'cardNo', { cardNo: ['cardNo must be 16 digits'] });
    return cardNo;
  }
}

/** GET /operator/cards?phone=: a mainland mobile number, as the consumer signed in with it. */
export class CardSearchQuery {
  @ApiProperty({ example: '13800000000' })
  @Matches(/^1\d{10}$/, { message: 'phone must be an 11-digit mobile number' })
  phone: string;
}
