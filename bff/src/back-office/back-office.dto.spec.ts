import type { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { createValidationPipe } from '../common/validation';
import { UpdateStaffDto, UpdateStoreDto } from './back-office.dto';

// The edit DTOs take their fields from the create DTOs: these cases pin that the limits came along.
const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });
const refusedFields = async (metatype: ArgumentMetadata['metatype'], value: object): Promise<string[]> => {
  try {
    await createValidationPipe().transform(value, body(metatype));
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return Object.keys(error.fieldErrors ?? {});
  }
};

describe('back-office edit DTOs', () => {
  it.each([
    [{}, []],
    [{ active: false }, []],
    [{ displayName: '新名字', role: 'CASHIER', storeIds: ['6f1c2b8e-3d4a-4b5c-9d6e-7f8a9b0c1d2e'] }, []],
    [{ displayName: '' }, ['displayName']],
    [{ role: 'OWNER' }, ['role']],
    [{ storeIds: ['not-a-uuid'] }, ['storeIds']],
    [{ username: 'taken-over' }, ['username']],
  ])('should refuse exactly the bad fields of a staff edit %j', async (value, fields) => {
    expect(await refusedFields(UpdateStaffDto, value)).toEqual(fields);
  });

  it.each([
    [{ name: '静安店', address: '上海市静安区南京西路 1 号' }, []],
    [{ name: '', address: 'x' }, ['name']],
    [{ name: '静安店' }, ['address']],
  ])('should refuse exactly the bad fields of a store edit %j', async (value, fields) => {
    expect(await refusedFields(UpdateStoreDto, value)).toEqual(fields);
  });
});
