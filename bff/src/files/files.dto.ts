import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UPLOAD_PURPOSES, type UploadPurpose } from '@jucard/shared';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, ValidateBy } from 'class-validator';

/**
 * Canonical base64, checked by decoding and encoding again (linear). validator's isBase64 is a regular expression
 * that ran out of stack on a 5.6 MB image in one CI run (a 500 instead of FILE_TOO_LARGE).
 */
export function isCanonicalBase64(value: unknown): boolean {
  return typeof value === 'string' && value.length % 4 === 0 && Buffer.from(value, 'base64').toString('base64') === value;
}

function IsCanonicalBase64(message: string): PropertyDecorator {
  return ValidateBy({ name: 'isBase64', validator: { validate: isCanonicalBase64, defaultMessage: () => message } });
}

export class UploadFileDto {
  @ApiProperty({ enum: UPLOAD_PURPOSES })
  @IsIn(UPLOAD_PURPOSES, { message: `purpose must be one of ${UPLOAD_PURPOSES.join(', ')}` })
  purpose: UploadPurpose;

  @ApiProperty({ description: 'The image bytes, base64; JPEG, PNG or WebP, at most 4 MB', format: 'byte' })
  @IsString()
  // no length rule here: the route's body limit bounds it, and the decoded size answers FILE_TOO_LARGE
  @IsCanonicalBase64('contentBase64 must be base64')
  contentBase64: string;
}

export class FileLinkQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value))
  @IsInt()
  expires?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{43}$/)
  signature?: string;
}
