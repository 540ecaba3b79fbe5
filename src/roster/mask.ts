/**
 * The masked forms used wherever a person is shown in public (the draw record, listings): the name keeps its
 * first character (first two for names of four or more, e.g. compound surnames) and, for three-character
 * names, the last one — 张*, 张*三, 欧阳** — and the ID number keeps only its first 2 and last 3 characters.
 */
export function maskName(name: string): string {
  const chars = Array.from(name);
  switch (chars.length) {
    case 0:
      return '';
    case 1:
      return '*';
    case 2:
      return `${chars[0]}*`;
    case 3:
      return `${chars[0]}*${chars[2]}`;
    default:
      return chars.slice(0, 2).join('') + '*'.repeat(chars.length - 2);
  }
}

export function maskIdNumber(id: string): string {
  if (id.length <= 5) {
    return '*'.repeat(id.length);
  }
  return id.slice(0, 2) + '*'.repeat(id.length - 5) + id.slice(-3);
}
