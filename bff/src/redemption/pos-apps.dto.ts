import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { API_KEY_SCOPES, type ApiKeyScope, type CreateApiKeyRequest, type RotateApiKeyRequest } from '@jucard/shared';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

export class CreateApiKeyDto implements CreateApiKeyRequest {
  @ApiProperty({ example: 'ERP 对接' })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(API_KEY_SCOPES.length)
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes: ApiKeyScope[];

  @ApiProperty({ type: [String], description: 'Stores of the merchant; the first is where a POS sale is taken' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsUUID('4', { each: true })
  storeIds: string[];
}

export class RotateApiKeyDto implements RotateApiKeyRequest {
  @ApiPropertyOptional({ example: 86400, description: 'Seconds the previous secret keeps working (0 to 604800); default 86400' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(7 * 86400)
  overlapSeconds?: number;
}
