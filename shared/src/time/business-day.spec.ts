import { businessDayOf, businessDayRange, isBusinessDay, previousBusinessDay } from './business-day';

describe('business days (Asia/Shanghai)', () => {
  it('puts 16:00 UTC on the next Shanghai day and 15:59:59.999 UTC on the same one', () => {
    expect(businessDayOf(new Date('2026-11-24T15:59:59.999Z'))).toBe('2026-11-24');
    expect(businessDayOf(new Date('2026-11-24T16:00:00.000Z'))).toBe('2026-11-25');
  });

  it('gives the day as [Shanghai midnight, next midnight)', () => {
    const [start, end] = businessDayRange('2026-11-25')!;
    expect(start.toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(end.toISOString()).toBe('2026-11-25T16:00:00.000Z');
  });

  it('refuses dates that do not exist', () => {
    expect(businessDayRange('2026-02-30')).toBeNull();
    expect(isBusinessDay('2026-13-01')).toBe(false);
    expect(isBusinessDay('20261125')).toBe(false);
    expect(isBusinessDay('2028-02-29')).toBe(true);
  });

  it('steps back across month and year ends', () => {
    expect(previousBusinessDay('2026-03-01')).toBe('2026-02-28');
    expect(previousBusinessDay('2027-01-01')).toBe('2026-12-31');
  });
});
