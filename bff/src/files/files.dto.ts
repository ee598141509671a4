import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UPLOAD_PURPOSES, type UploadPurpose } from '@jucard/shared';
import { Transform } from 'class-transformer';
import { IsBase64, IsIn, IsInt, IsOptional, IsString, Matches } from 'class-validator';

export class UploadFileDto {
  @ApiProperty({ enum: UPLOAD_PURPOSES })
  @IsIn(UPLOAD_PURPOSES, { message: `purpose must be one of ${UPLOAD_PURPOSES.join(', ')}` })
  purpose: UploadPurpose;

  @ApiProperty({ description: 'The image bytes, base64; JPEG, PNG or WebP, at most 4 MB' })
  @IsString()
  // no length rule here: the route's body limit bounds it, and the decoded size answers FILE_TOO_LARGE
  @IsBase64({}, { message: 'contentBase64 must be base64' })
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
