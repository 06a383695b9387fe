import { describe, expect, it } from 'vitest';
import { firstAddress, ipChecker, parseIP } from '../../src/traefik/ip';

describe('parseIP', () => {
  it('reads full and compressed IPv6, and folds IPv4-mapped to IPv4', () => {
    expect(parseIP('1:2:3:4:5:6:7:8')).toEqual({ v6: true, addr: 0x00010002000300040005000600070008n, bits: 128 });
    expect(parseIP('::ffff:1.2.3.4')).toEqual({ v6: false, addr: 0x01020304n, bits: 32 });
  });
  it.each([
    ['::ffff:1.2.3.999', 'bad embedded IPv4'],
    ['1::2::3', 'two ::'],
    ['1:2:3:4:5:6:7::8', ':: standing for no group'],
    ['1:2:3', 'too few groups without ::'],
    ['1:2:3:4:5:6:7:8:9', 'too many groups'],
    ['12345::', 'group too long'],
  ])('refuses %s (%s)', (s) => {
    expect(parseIP(s)).toBeUndefined();
  });
});

describe('ipChecker', () => {
  it('refuses a prefix longer than the address or not a number', () => {
    expect(() => ipChecker(['10.0.0.0/33'])).toThrow('invalid IP or CIDR `10.0.0.0/33`');
    expect(() => ipChecker(['10.0.0.0/x'])).toThrow('invalid IP or CIDR');
    expect(() => ipChecker(['10.0.0.0/8/1'])).toThrow('invalid IP or CIDR');
    expect(() => ipChecker(['::1/129'])).toThrow('invalid IP or CIDR');
  });
  it('does not match a client address it cannot parse', () => {
    const allowed = ipChecker(['0.0.0.0/0', '::/0']);
    expect(allowed('not-an-ip')).toBe(false);
    expect(allowed('1.2.3.4')).toBe(true);
    expect(allowed('2001:db8::1')).toBe(true);
  });
  it('keeps IPv4 and IPv6 networks apart', () => {
    const allowed = ipChecker(['2001:db8::/32']);
    expect(allowed('2001:db8:1::5')).toBe(true);
    expect(allowed('2001:db9::5')).toBe(false);
    expect(allowed('32.1.13.184')).toBe(false);
  });
});

describe('firstAddress', () => {
  it('gives the network address of IPv4 and IPv6 entries, undefined for garbage', () => {
    expect(firstAddress(' 192.168.7.9/16 ')).toBe('192.168.0.0');
    expect(firstAddress('2001:db8:ffff::1/32')).toBe('2001:db8:0:0:0:0:0:0');
    expect(firstAddress('nope')).toBeUndefined();
  });
});
