import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isValidUscc, STAFF_ROLES, type StaffRole } from '@jucard/shared';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { PHONE_PATTERN } from '../auth/auth.dto';
import { IsUsername } from '../auth/username';

function IsUscc(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isUscc',
      target: target.constructor,
      propertyName,
      options: { message: 'creditCode must be a valid 统一社会信用代码 (18 characters, check character included)', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidUscc(value) },
    });
}

/** A new staff login, held to the same rules whether it is the owner's (at registration) or one the owner adds. */
export class StaffLoginDto {
  @ApiProperty({ example: 'lotus-gym', description: 'Login: lower-case letters, digits, _ . -' })
  @IsUsername()
  username: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @Length(8, 128)
  password: string;

  @ApiProperty({ example: '莲花健身' })
  @IsString()
  @Length(1, 64)
  displayName: string;
}

/** The owner's login; its display name is the merchant's too. */
export class RegisterMerchantDto extends StaffLoginDto {}

export class KycDto {
  @ApiProperty({ example: '上海莲花健身有限公司' })
  @IsString()
  @Length(2, 100)
  companyName: string;

  @ApiProperty({ example: '91350100M000100Y43' })
  @IsUscc()
  creditCode: string;

  @ApiProperty()
  @IsString()
  @Length(2, 32)
  legalRepresentative: string;

  @ApiProperty()
  @IsString()
  @Length(2, 32)
  contactName: string;

  @ApiProperty({ example: '13800138000' })
  @Matches(PHONE_PATTERN, { message: 'contactPhone must be an 11-digit mainland mobile number' })
  contactPhone: string;

  @ApiProperty()
  @IsString()
  @Length(2, 100)
  settlementAccountName: string;

  @ApiProperty({ example: '6222020200112233445' })
  @Matches(/^\d{8,30}$/, { message: 'settlementAccountNo must be 8–30 digits' })
  settlementAccountNo: string;

  @ApiProperty({ example: '中国工商银行上海分行' })
  @IsString()
  @Length(2, 100)
  settlementBankName: string;

  @ApiProperty({ description: 'Id of the business licence image (POST /merchant/files, purpose BUSINESS_LICENCE)' })
  @IsUUID('4')
  businessLicenceFileId: string;

  @ApiProperty({ description: "Id of the legal representative's ID image (POST /merchant/files, purpose LEGAL_REP_ID)" })
  @IsUUID('4')
  legalRepIdFileId: string;
}

export class ReviewDto {
  @ApiProperty({ enum: ['APPROVE', 'REJECT'] })
  @IsIn(['APPROVE', 'REJECT'])
  decision: 'APPROVE' | 'REJECT';

  @ApiPropertyOptional({ description: 'Required when rejecting' })
  @ValidateIf((o: ReviewDto) => o.decision === 'REJECT')
  @IsString()
  @Length(2, 200)
  reason?: string;

  @ApiPropertyOptional({ description: 'Fee in basis points of redeemed principal (default 60 = 0.60%)', minimum: 0, maximum: 1000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  feeRateBps?: number;
}

export class ReviewQueueQuery {
  @ApiPropertyOptional({ enum: ['DRAFT', 'PENDING_REVIEW', 'APPROVED', 'REJECTED', 'FROZEN'] })
  @IsOptional()
  @IsIn(['DRAFT', 'PENDING_REVIEW', 'APPROVED', 'REJECTED', 'FROZEN'])
  status?: 'DRAFT' | 'PENDING_REVIEW' | 'APPROVED' | 'REJECTED' | 'FROZEN';
}

export class CreateStoreDto {
  @ApiProperty({ example: '静安店' })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiProperty({ example: '上海市静安区南京西路 1 号' })
  @IsString()
  @Length(1, 200)
  address: string;
}

export class CreateStaffDto extends StaffLoginDto {
  @ApiProperty({ enum: ['MANAGER', 'CASHIER'] })
  @IsIn(STAFF_ROLES.filter((r) => r !== 'OWNER'))
  role: Exclude<StaffRole, 'OWNER'>;

  @ApiProperty({ type: [String], description: 'Stores the staff member works at' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('4', { each: true })
  storeIds: string[];
}
