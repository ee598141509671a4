import type { PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import {
  REPORT_KINDS,
  type FreezeRequest,
  type ReportKind,
  type UpdateStaffRequest,
  type UpdateStoreRequest,
} from '@jucard/shared';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { DomainError } from '../common/domain-error';
import { PageQuery } from '../common/pagination';

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

export class UpdateStoreDto implements UpdateStoreRequest {
  @ApiProperty({ example: '静安店' })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiProperty({ example: '上海市静安区南京西路 1 号' })
  @IsString()
  @Length(1, 200)
  address: string;
}

export class UpdateStaffDto implements UpdateStaffRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  displayName?: string;

  @ApiPropertyOptional({ enum: ['MANAGER', 'CASHIER'] })
  @IsOptional()
  @IsIn(['MANAGER', 'CASHIER'])
  role?: 'MANAGER' | 'CASHIER';

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('4', { each: true })
  storeIds?: string[];

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
