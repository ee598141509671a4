import { Matches, type ValidationArguments } from 'class-validator';

/**
 * A field holding a business day as `YYYY-MM-DD` (Asia/Shanghai), e.g. "businessDate must be a YYYY-MM-DD business
 * day (Asia/Shanghai)" in the 422. Whether it is a real calendar date (not 2026-02-30) is the service's check.
 */
export function IsDayText(): PropertyDecorator {
  return Matches(/^\d{4}-\d{2}-\d{2}$/, { message: (args: ValidationArguments) => `${args.property} must be a YYYY-MM-DD business day (Asia/Shanghai)` });
}
