import { ApiProperty } from '@nestjs/swagger';
import type { GrantReceiptSubscriptionsRequest } from '@jucard/shared';
import { ArrayMaxSize, IsArray, IsString, Length } from 'class-validator';

export class GrantReceiptSubscriptionsDto implements GrantReceiptSubscriptionsRequest {
  @ApiProperty({ example: ['tmplTopUp0000000000000000000000000000000000'], description: 'The template ids wx.requestSubscribeMessage answered "accept" for' })
  @IsArray()
  @ArrayMaxSize(3)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  acceptedTemplateIds: string[];
}
