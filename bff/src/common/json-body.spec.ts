import { exceedsJsonDepth } from './json-body';

describe('exceedsJsonDepth', () => {
  const sut = (text: string, max = 3) => exceedsJsonDepth(Buffer.from(text), max);

  it.each([
    ['flat object', '{"a":1}', false],
    ['exactly the bound', '[[[1]]]', false],
    ['one level over', '[[[[1]]]]', true],
    ['mixed objects and arrays', '{"a":[{"b":[1]}]}', true],
    ['siblings do not add up', '[[1],[2],[3],[[4]]]', false],
    ['brackets inside strings', '{"a":"[[[[[{{{{"}', false],
    ['an escaped quote does not end the string', '{"a":"\\"[[[[[["}', false],
    ['an escaped backslash before the closing quote', '{"a":"\\\\","b":[[[[1]]]]}', true],
  ])('should judge %s', (_, text, expected) => {
    expect(sut(text)).toBe(expected);
  });

  it('should refuse 2000 nested arrays', () => {
    expect(exceedsJsonDepth(Buffer.from('['.repeat(2000) + ']'.repeat(2000)))).toBe(true);
  });
});
