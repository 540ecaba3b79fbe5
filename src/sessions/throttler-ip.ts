/** IPv4-mapped IPv6 addresses count as the IPv4 address they carry. */
export function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
