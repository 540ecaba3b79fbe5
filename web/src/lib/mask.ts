/**
 * Masking as the public pages show people (the server masks too; this is for staff screens that should not show
 * full ID numbers over a shoulder): first 2 and last 3 digits of an ID number.
 */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) {
    return '—';
  }
  return id.length <= 5
    ? '*'.repeat(id.length)
    : `${id.slice(0, 2)}${'*'.repeat(id.length - 5)}${id.slice(-3)}`;
}
