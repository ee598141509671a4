/**
 * Where each column a bill parser reads sits in the bill's header row, by its Chinese name. A bill without one of
 * them is refused whole: the channel changed its format, and reading on would misplace every amount.
 */
export function billColumns<Key extends string>(bill: string, header: readonly string[], names: Record<Key, string>): Record<Key, number> {
  const at = {} as Record<Key, number>;
  for (const key of Object.keys(names) as Key[]) {
    const index = header.indexOf(names[key]);
    if (index < 0) throw new Error(`${bill}: no "${names[key]}" column in the header`);
    at[key] = index;
  }
  return at;
}
