import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { UploadedFileView } from '@jucard/shared';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentStaff } from '../auth/auth.guard';
import type { StaffPrincipal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param.pipe';
import { FileLinkQuery, UploadFileDto } from './files.dto';
import { FilesService } from './files.service';

/** The path of the upload route; app.factory.ts gives it a larger body limit than the API's 64 KB. */
export const UPLOAD_ROUTE = '/merchant/files';

@ApiTags('files')
@Controller()
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post('merchant/files')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  upload(@CurrentStaff() staff: StaffPrincipal, @Body() body: UploadFileDto): Promise<UploadedFileView> {
    return this.files.upload(staff, body.purpose, body.contentBase64);
  }

  /** No bearer token (an `<img>` cannot send one): card faces are public, private files need their signed link. */
  @Get('files/:fileId')
  async open(@Param('fileId', uuidParam('fileId')) fileId: string, @Query() query: FileLinkQuery, @Res() res: FastifyReply): Promise<void> {
    const file = await this.files.open(fileId, query.expires, query.signature);
    await res.header('content-type', file.contentType).header('content-disposition', 'inline').send(file.bytes);
  }
}
