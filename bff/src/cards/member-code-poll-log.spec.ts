import { isMemberCodePoll } from '../core.module';

describe('isMemberCodePoll', () => {
  it.each([
    ['GET', '/me/member-codes/abc123', true],
    ['GET', '/me/member-codes/abc123?x=1', true],
    ['POST', '/me/member-codes/abc123', false],
    ['GET', '/me/cards/abc/member-code', false],
    ['GET', '/me/member-codes/', false],
  ])('should log %s %s at debug: %s', (method, url, expected) => {
    expect(isMemberCodePoll({ method, url })).toBe(expected);
  });
});
