import { findVoidClauses } from './void-clauses';

describe('findVoidClauses', () => {
  it.each([
    ['本卡售出后不退不换。', 'ANONYMOUS', '不退不换'],
    ['一经售出，概不退款', 'NAMED', '不退不换'],
    ['本卡一经充值 不予退还', 'NAMED', '不退不换'],
    ['本活动最终解释权归本店所有', 'ANONYMOUS', '最终解释权归商家所有'],
    ['最终 解释权归商家所有', 'NAMED', '最终解释权归商家所有'],
    ['有效期一年，过期作废', 'NAMED', '过期作废'],
    ['到期后余额清零', 'NAMED', '过期作废'],
    ['本卡不挂失、不补办', 'NAMED', '不挂失不补办'],
  ] as const)('should name the void clause in "%s" (%s)', (text, kind, clause) => {
    const sut = findVoidClauses(text, kind);
    expect(sut.map((f) => f.clause)).toContain(clause);
    expect(sut.find((f) => f.clause === clause)!.reason).toMatch(/无效|永久有效/);
  });

  it('should leave an anonymous card’s expiry clause alone (its balance is reactivated or moved, not forfeited)', () => {
    expect(findVoidClauses('不记名卡有效期三年，过期作废', 'ANONYMOUS')).toEqual([]);
  });

  it.each([
    ['本金永久有效，赠送金额不可单独提现；未消费余额可按规定申请退款。', 'NAMED'],
    ['全国门店通用，凭会员码消费。', 'ANONYMOUS'],
    ['', 'NAMED'],
  ] as const)('should pass fair terms: "%s"', (text, kind) => {
    expect(findVoidClauses(text, kind)).toEqual([]);
  });

  it('should list every void clause a text carries, with the words that matched', () => {
    const sut = findVoidClauses('不退不换，过期作废，最终解释权归商家所有', 'NAMED');
    expect(sut.map((f) => [f.clause, f.matched])).toEqual([
      ['不退不换', '不退不换'],
      ['最终解释权归商家所有', '最终解释权'],
      ['过期作废', '过期作废'],
    ]);
  });
});
