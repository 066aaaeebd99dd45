// Who a failure counter counts: a client address (an IPv6 client by its /64, which one subscriber usually
// holds whole, so hopping addresses inside it does not reset the count) or an account.
import ipaddr from 'ipaddr.js';

export function addressSubject(address: string): string {
  if (!ipaddr.isValid(address)) return `ip:${address.slice(0, 100)}`;
  // process() turns an IPv4-mapped IPv6 address (::ffff:203.0.113.7) back into the IPv4 one.
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return `ip:${parsed.toString()}`;
  const prefix = ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`);
  return `ip:${prefix.toRFC5952String()}/64`;
}

export function accountSubject(accountId: string): string {
  return `account:${accountId}`;
}
