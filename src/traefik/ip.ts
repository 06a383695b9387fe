/** traefik's ip.Checker (ClientIP matcher, ipAllowList): single IPs and CIDRs, IPv4 and IPv6. */

interface Net {
  v6: boolean;
  addr: bigint;
  bits: number;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseV6(s: string): bigint | undefined {
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) becomes its two hex words.
  const tailAt = s.lastIndexOf(':');
  let str = s;
  if (s.slice(tailAt + 1).includes('.')) {
    const v4 = parseV4(s.slice(tailAt + 1));
    if (v4 === undefined) return undefined;
    str = `${s.slice(0, tailAt + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = str.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  if ([...head, ...tail].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const words = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail];
  return words.reduce((acc, w) => (acc << 16n) | BigInt(parseInt(w, 16)), 0n);
}

/** An address as a network of one, IPv4-mapped IPv6 folded to IPv4. */
export function parseIP(s: string): Net | undefined {
  const v4 = parseV4(s);
  if (v4 !== undefined) return { v6: false, addr: v4, bits: 32 };
  const v6 = parseV6(s);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { v6: false, addr: v6 & 0xffffffffn, bits: 32 };
  return { v6: true, addr: v6, bits: 128 };
}

function parseNet(s: string): Net | undefined {
  const [ip, len, extra] = s.split('/');
  const base = parseIP(ip ?? '');
  if (!base || extra !== undefined) return undefined;
  if (len === undefined) return base;
  const width = base.v6 ? 128 : 32;
  if (!/^\d+$/.test(len) || Number(len) > width) return undefined;
  const bits = Number(len);
  const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - bits)) - 1n);
  return { v6: base.v6, addr: base.addr & mask, bits };
}

/** Builds a checker; throws on an entry traefik's ip.NewChecker would refuse. */
export function ipChecker(entries: string[]): (ip: string) => boolean {
  const nets = entries.map(
    (e) =>
      parseNet(e.trim()) ??
      (() => {
        throw new Error(`invalid IP or CIDR \`${e}\``);
      })(),
  );
  return (ip) => {
    const a = parseIP(ip);
    if (!a) return false;
    return nets.some((n) => {
      if (n.v6 !== a.v6) return false;
      const width = n.v6 ? 128 : 32;
      return a.addr >> BigInt(width - n.bits) === n.addr >> BigInt(width - n.bits);
    });
  };
}

/** The first address of an IP or CIDR entry: a client that satisfies it. */
export function firstAddress(entry: string): string | undefined {
  const n = parseNet(entry.trim());
  if (!n) return undefined;
  if (!n.v6) return [24n, 16n, 8n, 0n].map((s) => String((n.addr >> s) & 255n)).join('.');
  return Array.from({ length: 8 }, (_, k) => ((n.addr >> BigInt(112 - 16 * k)) & 0xffffn).toString(16)).join(':');
}
