import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { isCanonicalBase64, UploadFileDto } from './files.dto';

describe('UploadFileDto.contentBase64', () => {
  const errorsFor = (contentBase64: unknown) => validateSync(plainToInstance(UploadFileDto, { purpose: 'LEGAL_REP_ID', contentBase64 })).map((e) => e.property);

  it('should take an image of several megabytes in one linear pass', () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 7).toString('base64');
    expect(isCanonicalBase64(big)).toBe(true);
    expect(errorsFor(big)).toEqual([]);
  });

  it.each([
    ['characters outside the alphabet', 'ab$d'],
    ['a length that is not a multiple of four', 'abcde'],
    ['padding in the middle', 'ab==cd=='],
    ['whitespace', 'aGVs bG8='],
  ])('should refuse %s', (_, value) => {
    expect(isCanonicalBase64(value)).toBe(false);
    expect(errorsFor(value)).toEqual(['contentBase64']);
  });
});
