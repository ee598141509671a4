import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';

// Each helper lists its parts in the order a stack of decorators applies them (the one nearest the field first), so
// the constraint messages of a refused value read as they did when the stack was written out by hand.

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** An integer variable (seconds, milliseconds, counts) between min and max (no upper bound when max is omitted). */
export function Int(min: number, max?: number): PropertyDecorator {
  return applyDecorators(...(max === undefined ? [] : [Max(max)]), Min(min), IsInt(), Transform(toInt));
}

const URL_OPTIONS = { require_tld: false, require_protocol: true };

/** An absolute URL; a host without a TLD (127.0.0.1, a container name) is fine. */
export function Url(): PropertyDecorator {
  return IsUrl(URL_OPTIONS);
}

/** Like Url(), but the variable may be left unset. */
export function OptionalUrl(): PropertyDecorator {
  return applyDecorators(IsUrl(URL_OPTIONS), IsOptional());
}

/** A text variable that may be left unset. */
export function OptionalString(): PropertyDecorator {
  return applyDecorators(IsString(), IsOptional());
}

const BUDGET = /^[1-9]\d{0,6}\/[1-9]\d{0,5}$/;

/** A rate budget, "<requests>/<seconds>". */
export function Budget(): PropertyDecorator {
  return Matches(BUDGET, { message: 'limits look like <requests>/<seconds>, e.g. 20/900' });
}
