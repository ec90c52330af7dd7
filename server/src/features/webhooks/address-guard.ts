import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Server-side request forgery guard: a webhook URL is chosen by whoever holds a site's secret key,
 * so without this a delivery could reach this machine (`127.0.0.1`, `[::1]`), the private network
 * behind it (`10.x`, `192.168.x`), or a cloud's metadata service (`169.254.169.254`,
 * `fd00:ec2::254`, `100.100.100.200`). Only global unicast addresses pass: ipaddr.js classifies
 * every reserved range (loopback, private, link-local, unique-local, carrier-grade NAT,
 * multicast, unspecified, documentation, 6to4/Teredo wrappers …), so the list is not ours to keep.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  // ::ffff:10.0.0.1 is 10.0.0.1.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/** The host of a URL as an address, if it is an IP literal (`[::1]` → `::1`). */
export function literalAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : undefined;
}

export class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
  readonly code = 'ERR_WEBHOOK_ADDRESS_REFUSED';
}

/**
 * A `lookup` for http.request: it resolves the name, and refuses the connection if ANY address
 * the name has is not public, so a name cannot pass with one public address and connect to
 * another (the check is on the addresses actually connected to, after DNS, on every request:
 * a name that resolved publicly when the endpoint was created and privately now is refused now).
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      const refused = allowPrivate ? undefined : list.find((a) => !isPublicAddress(a.address));
      if (refused !== undefined) {
        return callback(
          new RefusedAddressError(`${hostname} resolves to ${refused.address}, a non-public address`),
          '',
          0,
        );
      }
      if (list.length === 0) return callback(new Error(`${hostname} has no address`), '', 0);
      // Node asks for every address (all: true) when it tries several (autoSelectFamily), else one.
      if ((options as dns.LookupOptions).all)
        return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/**
 * Why a URL may not be delivered to before any DNS (an IP literal of a non-public range), or
 * undefined. Names are judged by what they resolve to, when sending (guardedLookup).
 */
export function refusedLiteral(url: URL, allowPrivate: boolean): string | undefined {
  if (allowPrivate) return undefined;
  const address = literalAddress(url.hostname);
  if (address !== undefined && !isPublicAddress(address)) return `${url.hostname} is a non-public address`;
  return undefined;
}
