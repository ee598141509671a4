// How people are shown to staff and operators: enough to recognise a customer, not enough to copy their details.

/**
 * `8812 **** **** 1234`: the first and last four digits in the card's own grouping. The one masking of a card
 * number, so a statement, a report, a receipt and the till name the same card the same way.
 */
export function maskCardNo(cardNo: string): string {
  return `${cardNo.slice(0, 4)} **** **** ${cardNo.slice(-4)}`;
}

/** `138****0000`; anything that is not a mainland mobile number keeps only its last four characters. */
export function maskPhone(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  return phone.length > 4 ? `****${phone.slice(-4)}` : '****';
}

/** `张*` / `欧阳**`: the first character, one star per character hidden. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
