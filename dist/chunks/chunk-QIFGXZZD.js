import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  DockerApiError,
  UserError,
  firstErrorLine,
  run
} from "./chunk-NDZ52VSO.js";

// src/backends/swarm/helper-image.ts
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, mkdirSync, copyFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
var HELPER_IMAGE = process.env.CCCI_HELPER_IMAGE || "cc-ci/helper:1";
var PULL_FALLBACK = "busybox:1.37";
async function ensureHelperImage(log) {
  if ((await run("docker", ["image", "inspect", "--format", "{{.Id}}", HELPER_IMAGE])).code === 0) return;
  const busybox = ["/bin/busybox", "/usr/bin/busybox"].find((p) => existsSync(p) && isStaticElf(p));
  if (busybox) {
    await importBusybox(busybox);
    log(`built ${HELPER_IMAGE} from ${busybox}`);
    return;
  }
  const pulled = await run("docker", ["pull", "-q", PULL_FALLBACK]);
  if (pulled.code !== 0) {
    throw new UserError(`cannot build ${HELPER_IMAGE}: no static busybox on this host (apt-get install busybox-static) and pulling ${PULL_FALLBACK} failed: ${firstErrorLine(pulled)}`);
  }
  await mustRun(["tag", PULL_FALLBACK, HELPER_IMAGE]);
  log(`tagged ${PULL_FALLBACK} as ${HELPER_IMAGE}`);
}
async function importBusybox(busybox) {
  const root = mkdtempSync(join(tmpdir(), "cc-ci-helper-"));
  try {
    const fs = join(root, "fs");
    for (const d of ["bin", "tmp", "www", "data"]) mkdirSync(join(fs, d), { recursive: true });
    copyFileSync(busybox, join(fs, "bin/busybox"));
    const applets = (await run(busybox, ["--list"])).stdout.split("\n").filter((a) => /^[\w.[-]+$/.test(a) && a !== "busybox");
    for (const a of applets) symlinkSync("busybox", join(fs, "bin", a));
    const tar = join(root, "rootfs.tar");
    const packed = await run("tar", ["-C", fs, "-cf", tar, "."]);
    if (packed.code !== 0) throw new Error(`tar failed: ${firstErrorLine(packed)}`);
    await mustRun(["import", "-c", "ENV PATH=/bin", "-c", 'CMD ["sh"]', tar, HELPER_IMAGE]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
async function mustRun(args) {
  const r = await run("docker", args);
  if (r.code !== 0) throw new Error(`docker ${args[0]} failed: ${firstErrorLine(r)}`);
}
function isStaticElf(path) {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(64);
    readSync(fd, head, 0, 64, 0);
    if (head.readUInt32BE(0) !== 2135247942 || head[4] !== 2) return false;
    const phoff = Number(head.readBigUInt64LE(32));
    const phentsize = head.readUInt16LE(54);
    const phnum = head.readUInt16LE(56);
    const table = Buffer.alloc(phentsize * phnum);
    readSync(fd, table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) if (table.readUInt32LE(i * phentsize) === 3) return false;
    return true;
  } finally {
    closeSync(fd);
  }
}

// src/util/bounded-regex.ts
import { createContext, Script } from "node:vm";
var RegexTimeout = class extends Error {
  constructor(pattern, ms) {
    super(`the regular expression \`${pattern}\` ran for over ${ms} ms (it backtracks; traefik's Go regexps never do), so cc-ci stopped it; simplify the pattern (no nested repetition)`);
    this.pattern = pattern;
    this.name = "RegexTimeout";
  }
  pattern;
};
var LIMIT_MS = 250;
var ctx = createContext({ re: null, s: "" });
var script = new Script("re.exec(s)");
function boundedExec(re, s, shown = re.source, ms = LIMIT_MS) {
  Object.assign(ctx, { re, s });
  try {
    return script.runInContext(ctx, { timeout: ms });
  } catch (e) {
    if (e.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") throw new RegexTimeout(shown, ms);
    throw e;
  } finally {
    Object.assign(ctx, { re: null, s: "" });
  }
}
var boundedTest = (re, s, shown = re.source, ms = LIMIT_MS) => boundedExec(re, s, shown, ms) !== null;

// src/traefik/go-regex-scan.ts
var R = (a, b = a) => [a.codePointAt(0), b.codePointAt(0)];
var PERL = {
  d: [R("0", "9")],
  s: [R("	", "\n"), R("\f", "\r"), R(" ")],
  w: [R("0", "9"), R("A", "Z"), R("_"), R("a", "z")]
};
var POSIX = {
  alnum: [R("0", "9"), R("A", "Z"), R("a", "z")],
  alpha: [R("A", "Z"), R("a", "z")],
  ascii: [[0, 127]],
  blank: [R("	"), R(" ")],
  cntrl: [[0, 31], [127, 127]],
  digit: [R("0", "9")],
  graph: [[33, 126]],
  lower: [R("a", "z")],
  print: [[32, 126]],
  punct: [[33, 47], [58, 64], [91, 96], [123, 126]],
  space: [R("	", "\r"), R(" ")],
  upper: [R("A", "Z")],
  word: PERL.w,
  xdigit: [R("0", "9"), R("A", "F"), R("a", "f")]
};
function negate(ranges) {
  const out = [];
  let next = 0;
  for (const [lo, hi] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= 1114111) out.push([next, 1114111]);
  return out;
}
var GoRegexError = class extends Error {
};
var Scanner = class {
  constructor(src) {
    this.src = src;
    this.cs = Array.from(src);
  }
  src;
  cs;
  i = 0;
  peek(k = 0) {
    return this.cs[this.i + k];
  }
  next() {
    return this.cs[this.i++];
  }
  fail(msg) {
    throw new GoRegexError(`${msg} in \`${this.src}\``);
  }
};
function escape(sc, inClass) {
  const { cs } = sc;
  const c = sc.next();
  if (c === void 0) return sc.fail("trailing backslash at end of expression");
  if (/[0-7]/.test(c) && (c === "0" || /[0-7]/.test(sc.peek() ?? ""))) {
    let v = Number(c);
    for (let n = 0; n < 2 && /[0-7]/.test(sc.peek() ?? ""); n++) v = v * 8 + Number(sc.next());
    return v;
  }
  if (c === "x") {
    if (sc.peek() === "{") {
      const end = cs.indexOf("}", sc.i);
      const hex2 = cs.slice(sc.i + 1, end).join("");
      if (end < 0 || !/^[0-9a-fA-F]+$/.test(hex2) || parseInt(hex2, 16) > 1114111) sc.fail("invalid escape sequence");
      sc.i = end + 1;
      return parseInt(hex2, 16);
    }
    const hex = cs.slice(sc.i, sc.i + 2).join("");
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) sc.fail("invalid escape sequence");
    sc.i += 2;
    return parseInt(hex, 16);
  }
  const simple = { a: "\x07", f: "\f", t: "	", n: "\n", r: "\r", v: "\v" };
  if (simple[c]) return simple[c].codePointAt(0);
  const lower = c.toLowerCase();
  if (PERL[lower]) return c === lower ? PERL[lower] : negate(PERL[lower]);
  if (c === "p" || c === "P") {
    let name = sc.next() ?? "";
    if (name === "{") {
      const end = cs.indexOf("}", sc.i);
      if (end < 0) sc.fail("invalid character class range");
      name = cs.slice(sc.i, end).join("");
      sc.i = end + 1;
    }
    const neg = c === "P" !== name.startsWith("^");
    name = name.replace(/^\^/, "");
    if (!/^[A-Za-z_]+$/.test(name)) sc.fail("invalid character class range");
    return [{ prop: name, neg }];
  }
  if (!inClass) {
    const asserts = { A: { t: "assert", k: "bot" }, z: { t: "assert", k: "eot" }, b: { t: "assert", k: "b" }, B: { t: "assert", k: "B" } };
    if (asserts[c]) return asserts[c];
    if (c === "C") return { t: "any", nl: true };
  }
  const cp = c.codePointAt(0);
  if (cp < 128 && !/[0-9A-Za-z]/.test(c)) return cp;
  return sc.fail(`invalid escape sequence \`\\${c}\``);
}
function parseClass(sc, fold) {
  const { cs } = sc;
  const neg = sc.peek() === "^";
  if (neg) sc.i++;
  const items = [];
  let first = true;
  for (; ; ) {
    const c = sc.peek();
    if (c === void 0) sc.fail("missing closing ]");
    if (c === "]" && !first) {
      sc.i++;
      break;
    }
    first = false;
    if (c === "[" && sc.peek(1) === ":") {
      const end = cs.indexOf("]", sc.i);
      const m = /^\[:(\^?)([a-z]+):\]$/.exec(cs.slice(sc.i, end + 1).join(""));
      if (m) {
        const set = POSIX[m[2]] ?? sc.fail("invalid character class range");
        items.push(...m[1] ? negate(set) : set);
        sc.i = end + 1;
        continue;
      }
    }
    const lo = classAtom(sc);
    if (typeof lo !== "number") {
      items.push(...lo);
      continue;
    }
    if (sc.peek() === "-" && sc.peek(1) !== "]" && sc.peek(1) !== void 0) {
      sc.i++;
      const hi = classAtom(sc);
      if (typeof hi !== "number" || hi < lo) sc.fail("invalid character class range");
      items.push([lo, hi]);
    } else items.push([lo, lo]);
  }
  return { t: "class", items, neg, fold };
}
function classAtom(sc) {
  const c = sc.next();
  if (c !== "\\") return c.codePointAt(0);
  const e = escape(sc, true);
  if (typeof e === "number" || Array.isArray(e)) return e;
  return sc.fail("invalid escape sequence");
}

// src/traefik/go-regex-parse.ts
function parseGoRegex(src) {
  const sc = new Scanner(src);
  const { cs } = sc;
  const names = [void 0];
  const fail = (msg) => sc.fail(msg);
  const peek = (k = 0) => sc.peek(k);
  function atom(flags) {
    const c = sc.next();
    switch (c) {
      case ".":
        return { t: "any", nl: flags.s };
      case "^":
        return { t: "assert", k: flags.m ? "bol" : "bot" };
      case "$":
        return { t: "assert", k: flags.m ? "eol" : "eot" };
      case "[":
        return parseClass(sc, flags.i);
      case "(":
        return group(flags);
      case "\\": {
        if (peek() === "Q") {
          let stop = sc.i + 1;
          while (stop < cs.length && !(cs[stop] === "\\" && cs[stop + 1] === "E")) stop++;
          const items = cs.slice(sc.i + 1, stop).map((ch) => ({ t: "lit", c: ch.codePointAt(0), fold: flags.i }));
          sc.i = stop === cs.length ? stop : stop + 2;
          return { t: "cat", items };
        }
        const e = escape(sc, false);
        if (typeof e === "number") return { t: "lit", c: e, fold: flags.i };
        if (Array.isArray(e)) return { t: "class", items: e, neg: false, fold: flags.i };
        return e;
      }
      default:
        return { t: "lit", c: c.codePointAt(0), fold: flags.i };
    }
  }
  function group(outer) {
    if (peek() !== "?") {
      names.push(void 0);
      return { t: "group", idx: names.length - 1, node: alt({ ...outer }, true) };
    }
    const m = /^\?(?:P?<([^>]*)>|([imsU-]*)([:)]))/.exec(cs.slice(sc.i, sc.i + 64).join(""));
    if (!m) return fail("invalid or unsupported Perl syntax");
    sc.i += Array.from(m[0]).length;
    if (m[1] !== void 0) {
      if (!/^\w+$/.test(m[1]) || names.includes(m[1])) fail(`invalid named capture \`${m[1]}\``);
      names.push(m[1]);
      return { t: "group", idx: names.length - 1, node: alt({ ...outer }, true) };
    }
    const spec = m[2];
    if (spec === "" && m[3] === ":") return { t: "group", idx: null, node: alt({ ...outer }, true) };
    if (spec === "" || spec.endsWith("-") || (spec.match(/-/g) ?? []).length > 1) fail("invalid or unsupported Perl syntax");
    const target = m[3] === ":" ? { ...outer } : outer;
    let on = true;
    for (const f of spec) if (f === "-") on = false;
    else target[f] = on;
    return m[3] === ":" ? { t: "group", idx: null, node: alt(target, true) } : "flags";
  }
  function quantifier(flags) {
    const c = peek();
    let min, max;
    if (c === "*") [min, max] = [0, -1];
    else if (c === "+") [min, max] = [1, -1];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(cs.slice(sc.i, sc.i + 24).join(""));
      if (!m) return null;
      min = Number(m[1]);
      max = m[2] === void 0 ? min : m[3] === "" ? -1 : Number(m[3]);
      if (min > 1e3 || max > 1e3 || max >= 0 && max < min) fail("invalid repeat count");
      sc.i += m[0].length - 1;
    } else return null;
    sc.i++;
    const lazy = peek() === "?";
    if (lazy) sc.i++;
    return { min, max, greedy: lazy === flags.U };
  }
  function alt(flags, inGroup) {
    const branches = [];
    let items = [];
    for (; ; ) {
      const c = peek();
      if (c === void 0 || c === ")" || c === "|") {
        branches.push(items.length === 1 ? items[0] : { t: "cat", items });
        items = [];
        if (c === "|") {
          sc.i++;
          continue;
        }
        if (c === ")") {
          if (!inGroup) fail("unexpected )");
          sc.i++;
        } else if (inGroup) fail("missing closing )");
        break;
      }
      const q0 = quantifier(flags);
      if (q0) fail("missing argument to repetition operator");
      const a = atom(flags);
      if (a === "flags") continue;
      let node2 = a;
      const q = quantifier(flags);
      if (q) {
        if (quantifier(flags)) fail("invalid nested repetition operator");
        node2 = { t: "rep", ...q, node: node2 };
      }
      items.push(node2);
    }
    return branches.length === 1 ? branches[0] : { t: "alt", items: branches };
  }
  const node = alt({ i: false, m: false, s: false, U: false }, false);
  return { node, names };
}

// src/traefik/go-regex.ts
var EXTRA_FOLD = { 107: [8490], 75: [8490], 115: [383], 83: [383] };
function foldsOf(cp) {
  const ch = String.fromCodePoint(cp);
  const set = /* @__PURE__ */ new Set([cp, ch.toLowerCase().codePointAt(0), ch.toUpperCase().codePointAt(0), ...EXTRA_FOLD[cp] ?? []]);
  return [...set].filter((c) => String.fromCodePoint(c).length <= 2);
}
function esc(cp, inClass) {
  if (cp < 32 || cp >= 127 && cp < 160) return `\\u{${cp.toString(16)}}`;
  const ch = String.fromCodePoint(cp);
  return (inClass ? /[\\\]^[-]/ : /[\\^$.*+?()[\]{}|/]/).test(ch) ? `\\${ch}` : ch;
}
function classBody(items, fold) {
  const parts = [];
  for (const it of items) {
    if (!Array.isArray(it)) {
      const body = it.prop === "Any" ? null : /^[A-Z][a-z]?$/.test(it.prop) ? it.prop : `Script=${it.prop}`;
      parts.push(body === null ? it.neg ? "" : "\\u{0}-\\u{10ffff}" : `\\${it.neg ? "P" : "p"}{${body}}`);
      continue;
    }
    const [lo, hi] = it;
    parts.push(lo === hi ? esc(lo, true) : `${esc(lo, true)}-${esc(hi, true)}`);
    if (fold && hi - lo < 12288) {
      for (let c = lo; c <= hi; c++) for (const f of foldsOf(c)) if (f < lo || f > hi) parts.push(esc(f, true));
    }
  }
  return parts.join("");
}
var SIMPLE_ATOMS = /* @__PURE__ */ new Set(["class", "any", "group"]);
function emitJs(n) {
  switch (n.t) {
    case "lit": {
      const f = n.fold ? foldsOf(n.c) : [n.c];
      return f.length > 1 ? `[${f.map((c) => esc(c, true)).join("")}]` : esc(n.c, false);
    }
    case "class":
      return `[${n.neg ? "^" : ""}${classBody(n.items, n.fold)}]`;
    case "any":
      return n.nl ? "[^]" : "[^\\n]";
    case "assert":
      return { bot: "^", eot: "$", bol: "(?<![^\\n])", eol: "(?![^\\n])", b: "\\b", B: "\\B" }[n.k];
    case "group":
      return n.idx === null ? `(?:${emitJs(n.node)})` : `(${emitJs(n.node)})`;
    case "cat":
      return n.items.map((x) => x.t === "alt" ? `(?:${emitJs(x)})` : emitJs(x)).join("");
    case "alt":
      return n.items.map(emitJs).join("|");
    case "rep": {
      const atom = SIMPLE_ATOMS.has(n.node.t) || n.node.t === "lit" && !n.node.fold ? emitJs(n.node) : `(?:${emitJs(n.node)})`;
      const q = n.min === 0 && n.max === -1 ? "*" : n.min === 1 && n.max === -1 ? "+" : n.min === 0 && n.max === 1 ? "?" : n.max === -1 ? `{${n.min},}` : n.min === n.max ? `{${n.min}}` : `{${n.min},${n.max}}`;
      return atom + q + (n.greedy ? "" : "?");
    }
  }
}
function compileGo(pattern) {
  const { node, names } = parseGoRegex(pattern);
  try {
    return { source: pattern, re: new RegExp(emitJs(node), "u"), names, node };
  } catch (e) {
    throw new GoRegexError(`${e.message} in \`${pattern}\``);
  }
}
function goMatch(g, s) {
  return boundedTest(g.re, s, g.source);
}
function goFindSubmatch(g, s) {
  const m = boundedExec(g.re, s, g.source);
  return m ? [...m] : null;
}
function goExpand(template, match, names) {
  let out = "";
  let rest = template;
  for (let k = rest.indexOf("$"); k >= 0; k = rest.indexOf("$")) {
    out += rest.slice(0, k);
    rest = rest.slice(k + 1);
    if (rest.startsWith("$")) {
      out += "$";
      rest = rest.slice(1);
      continue;
    }
    const m = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(rest);
    if (!m) {
      out += "$";
      continue;
    }
    rest = rest.slice(m[0].length);
    const name = m[1] ?? m[2];
    const num = /^(0|[1-9]\d{0,7})$/.test(name) ? Number(name) : -1;
    const idx = num >= 0 ? num : names.indexOf(name);
    if (idx > 0 || idx === 0 && num === 0) out += match[idx] ?? "";
  }
  return out + rest;
}
function goReplaceAll(g, s, template) {
  const re = new RegExp(g.re.source, "gu");
  let out = "";
  let lastEnd = 0;
  let pos = 0;
  while (pos <= s.length) {
    re.lastIndex = pos;
    const m = boundedExec(re, s, g.source);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    out += s.slice(lastEnd, start);
    if (end > lastEnd || start === 0) out += goExpand(template, [...m], g.names);
    lastEnd = end;
    const width = pos < s.length ? String.fromCodePoint(s.codePointAt(pos)).length : 1;
    pos = pos + width > end ? pos + width : end;
  }
  return out + s.slice(lastEnd);
}
function quoteMeta(s) {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}
var PICK = [..."abcdefghijklmnopqrstuvwxyz0123456789-_.~ABCDEFGHIJKLMNOPQRSTUVWXYZ"].concat(
  Array.from({ length: 94 }, (_, k) => String.fromCharCode(33 + k)),
  [" ", "\xE9"]
);
function sampleNode(n) {
  switch (n.t) {
    case "lit":
      return String.fromCodePoint(n.c);
    case "class": {
      const one = new RegExp(`^${emitJs(n)}$`, "u");
      return PICK.find((c) => one.test(c));
    }
    case "any":
      return "a";
    case "assert":
      return "";
    case "group":
      return sampleNode(n.node);
    case "cat": {
      const parts = n.items.map(sampleNode);
      return parts.every((p) => p !== void 0) ? parts.join("") : void 0;
    }
    case "alt":
      return n.items.map(sampleNode).find((p) => p !== void 0);
    case "rep": {
      const one = n.min > 0 ? sampleNode(n.node) : "";
      return one === void 0 ? void 0 : one.repeat(n.min);
    }
  }
}
function goSample(g) {
  const s = sampleNode(g.node);
  return s !== void 0 && goMatch(g, s) ? s : void 0;
}

// src/traefik/ip.ts
function parseV4(s) {
  const parts = s.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return void 0;
  return parts.reduce((acc, p) => acc << 8n | BigInt(Number(p)), 0n);
}
function parseV6(s) {
  const tailAt = s.lastIndexOf(":");
  let str = s;
  if (s.slice(tailAt + 1).includes(".")) {
    const v4 = parseV4(s.slice(tailAt + 1));
    if (v4 === void 0) return void 0;
    str = `${s.slice(0, tailAt + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = str.split("::");
  if (halves.length > 2) return void 0;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  if ([...head, ...tail].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return void 0;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return void 0;
  const words = [...head, ...Array(halves.length === 2 ? fill : 0).fill("0"), ...tail];
  return words.reduce((acc, w) => acc << 16n | BigInt(parseInt(w, 16)), 0n);
}
function parseIP(s) {
  const v4 = parseV4(s);
  if (v4 !== void 0) return { v6: false, addr: v4, bits: 32 };
  const v6 = parseV6(s);
  if (v6 === void 0) return void 0;
  if (v6 >> 32n === 0xffffn) return { v6: false, addr: v6 & 0xffffffffn, bits: 32 };
  return { v6: true, addr: v6, bits: 128 };
}
function parseNet(s) {
  const [ip, len, extra] = s.split("/");
  const base = parseIP(ip ?? "");
  if (!base || extra !== void 0) return void 0;
  if (len === void 0) return base;
  const width = base.v6 ? 128 : 32;
  if (!/^\d+$/.test(len) || Number(len) > width) return void 0;
  const bits = Number(len);
  const mask = (1n << BigInt(width)) - 1n ^ (1n << BigInt(width - bits)) - 1n;
  return { v6: base.v6, addr: base.addr & mask, bits };
}
function ipChecker(entries) {
  const nets = entries.map((e) => parseNet(e.trim()) ?? (() => {
    throw new Error(`invalid IP or CIDR \`${e}\``);
  })());
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
function firstAddress(entry) {
  const n = parseNet(entry.trim());
  if (!n) return void 0;
  if (!n.v6) return [24n, 16n, 8n, 0n].map((s) => String(n.addr >> s & 255n)).join(".");
  return Array.from({ length: 8 }, (_, k) => (n.addr >> BigInt(112 - 16 * k) & 0xffffn).toString(16)).join(":");
}

// src/traefik/labels.ts
var MIDDLEWARE_TYPES = /* @__PURE__ */ new Set([
  "addprefix",
  "stripprefix",
  "stripprefixregex",
  "replacepath",
  "replacepathregex",
  "chain",
  "ipwhitelist",
  "ipallowlist",
  "headers",
  "errors",
  "ratelimit",
  "redirectregex",
  "redirectscheme",
  "basicauth",
  "digestauth",
  "forwardauth",
  "inflightreq",
  "buffering",
  "circuitbreaker",
  "compress",
  "passtlsclientcert",
  "retry",
  "contenttype",
  "grpcweb",
  "plugin",
  "encodedcharacters"
]);
var V3_ONLY_MIDDLEWARES = /* @__PURE__ */ new Set(["encodedcharacters"]);
var ROUTER_FIELD = /^(rule|entrypoints|middlewares|service|priority|tls|tls\.options|tls\.certresolver|tls\.domains\[\d+\]\.(main|sans))$/;
var ROUTER_FIELD_V3 = /^(rulesyntax|observability\.(accesslogs|metrics|tracing|traceverbosity))$/;
var GO_BOOL = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/;
var goBool = (v) => GO_BOOL.test(v) ? /^(1|t|T|TRUE|true|True)$/.test(v) : void 0;
var list = (v) => v ? v.split(",").map((s) => s.trim()) : [];
function decodeLabels(svc, traefik) {
  const d = { svc, enabled: false, routers: /* @__PURE__ */ new Map(), services: /* @__PURE__ */ new Map(), middlewares: /* @__PURE__ */ new Map(), onlyTcpUdp: false };
  const fail = (key, message) => {
    d.error ??= { label: key, message };
  };
  let http = false;
  let tcpUdp = false;
  const nets = {};
  for (const key of Object.keys(svc.labels).sort()) {
    const value = svc.labels[key];
    const parts = key.split(".");
    const lower = parts.map((p) => p.toLowerCase());
    if (lower[0] !== "traefik") continue;
    if (lower.length === 2 && lower[1] === "enable") {
      const b = goBool(value);
      if (b === void 0) fail(key, `traefik.enable must be true or false, not "${value}"`);
      else d.enabled = b;
      continue;
    }
    if (lower[1] === "docker" || lower[1] === "swarm" && traefik === "v3") {
      const field2 = lower.slice(2).join(".");
      if (field2 === "network") nets[lower[1]] = { key, value };
      else if (field2 === "lbswarm" && goBool(value) === void 0) fail(key, `${key} must be true or false`);
      else if (field2 !== "lbswarm") fail(key, `traefik does not know the label ${key} (it then ignores this service's labels)`);
      continue;
    }
    if (lower[1] === "tcp" || lower[1] === "udp") {
      tcpUdp = true;
      continue;
    }
    if (lower[1] !== "http") continue;
    const kind = lower[2];
    const name = parts[3];
    const path = lower.slice(4).join(".");
    if (parts.some((p) => p === "")) {
      fail(key, `invalid label ${key}: empty element`);
      continue;
    }
    http = true;
    const map = kind === "routers" ? d.routers : kind === "services" ? d.services : kind === "middlewares" ? d.middlewares : void 0;
    if (!map || name === void 0 || path === "") {
      if (kind !== "serverstransports") fail(key, `traefik cannot read ${key} (it then ignores this service's labels)`);
      continue;
    }
    const known = kind === "routers" ? ROUTER_FIELD.test(path) || traefik === "v3" && ROUTER_FIELD_V3.test(path) : kind === "services" ? path.startsWith("loadbalancer.") : MIDDLEWARE_TYPES.has(lower[4]) && (traefik === "v3" || !V3_ONLY_MIDDLEWARES.has(lower[4]));
    if (!known) {
      const hint = path === "rulesyntax" ? " (ruleSyntax exists from traefik v3)" : "";
      fail(key, `traefik ${traefik} has no field "${parts.slice(4).join(".")}" here${hint}: it ignores all of this service's labels`);
      continue;
    }
    const existing = [...map.values()].find((e) => e.name.toLowerCase() === name.toLowerCase());
    const el = existing ?? { name, owner: svc.name, fields: /* @__PURE__ */ new Map() };
    el.fields.set(path, { key, value });
    map.set(el.name, el);
    if (kind === "routers" && path === "priority" && !/^[+-]?\d+$/.test(value.trim())) fail(key, `priority must be an integer, not "${value}"`);
  }
  if (nets.swarm && nets.docker) fail(nets.docker.key, "both traefik.docker.* and traefik.swarm.* labels: traefik v3 ignores this service; keep traefik.swarm.network only");
  d.network = nets.swarm ?? nets.docker;
  d.onlyTcpUdp = tcpUdp && !http;
  return d;
}
var field = (el, path) => el.fields.get(path)?.value;
var fieldKey = (el, path, kind) => el.fields.get(path)?.key ?? `traefik.http.${kind}.${el.name}.${path}`;
function middlewareTypes(el) {
  return [...new Set([...el.fields.keys()].map((p) => p.split(".")[0]))];
}
function options(el) {
  const entries = [...el.fields.values()].map((f) => [f.key.split(".").slice(5).join("."), f.value]);
  return {
    get: (name) => entries.find(([k]) => k.toLowerCase() === name)?.[1],
    /** `[name as written, value]` under a map option, e.g. customRequestHeaders. */
    under: (prefix) => entries.filter(([k]) => k.toLowerCase().startsWith(`${prefix}.`)).map(([k, v]) => [k.slice(prefix.length + 1), v])
  };
}

// src/traefik/path-ops.ts
function cleanPath(p) {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const out = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
    } else out.push(seg);
  }
  const joined = (rooted ? "/" : "") + out.join("/");
  return joined === "" ? rooted ? "/" : "." : joined;
}
function joinPathClean(p) {
  const rooted = p.startsWith("/");
  let out = rooted ? cleanPath(p) : cleanPath(`/${p}`).slice(1);
  if (p.endsWith("/") && !out.endsWith("/")) out += "/";
  return out;
}
var ensureLeadingSlash = (s) => s === "" || s.startsWith("/") ? s : `/${s}`;
function encodedPrefixLen(rawPath, decodedLen) {
  let decoded = 0;
  let i = 0;
  while (i < rawPath.length && decoded < decodedLen) {
    i += rawPath[i] === "%" && i + 2 < rawPath.length ? 3 : 1;
    decoded++;
  }
  return i;
}

// src/traefik/request.ts
var TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
function canonicalHeaderKey(key) {
  if (!TOKEN.test(key)) return key;
  return key.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash, c) => dash + c.toUpperCase());
}
function canonicalHost(host2) {
  let h = host2.trim();
  const v6 = /^\[([^\]]*)\](?::\d*)?$/.exec(h);
  if (v6) h = v6[1];
  else if ((h.match(/:/g) ?? []).length === 1) h = h.slice(0, h.indexOf(":"));
  return h.toLowerCase();
}
function hostWithoutPort(host2) {
  const v6 = /^\[([^\]]*)\]:\d*$/.exec(host2);
  if (v6) return v6[1];
  return (host2.match(/:/g) ?? []).length === 1 ? host2.slice(0, host2.indexOf(":")) : host2;
}
function percentDecode(s, plusIsSpace) {
  const bytes = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "%") {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Error(`invalid URL escape "${s.slice(i, i + 3)}"`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c === "+" && plusIsSpace) bytes.push(32);
    else bytes.push(...new TextEncoder().encode(c));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
var pathUnescape = (s) => percentDecode(s, false);
var RESERVED_ESCAPES = /* @__PURE__ */ new Set(["%3A", "%2F", "%3F", "%23", "%5B", "%5D", "%40", "%21", "%24", "%26", "%27", "%28", "%29", "%2A", "%2B", "%2C", "%3B", "%3D", "%25"]);
function routingPath(escaped) {
  return escaped.replace(/%[0-9a-fA-F]{2}/g, (e) => RESERVED_ESCAPES.has(e.toUpperCase()) ? e : pathUnescape(e));
}
function escapePath(path) {
  let out = "";
  for (const b of new TextEncoder().encode(path)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
function escapedPath(path, rawPath) {
  if (rawPath !== "" && /^[A-Za-z0-9\-_.~$&+,/:;=@!'()*[\]%]*$/.test(rawPath)) {
    try {
      if (pathUnescape(rawPath) === path) return rawPath;
    } catch {
    }
  }
  return escapePath(path);
}
function parseQuery(query) {
  const m = /* @__PURE__ */ new Map();
  for (const part of query.split("&")) {
    if (part === "" || part.includes(";")) continue;
    const eq = part.indexOf("=");
    try {
      const k = percentDecode(eq < 0 ? part : part.slice(0, eq), true);
      const v = eq < 0 ? "" : percentDecode(part.slice(eq + 1), true);
      m.set(k, [...m.get(k) ?? [], v]);
    } catch {
    }
  }
  return m;
}
function queryPair(key, value) {
  const enc = (s) => encodeURIComponent(s).replace(/%20/g, "+");
  return value === void 0 ? enc(key) : `${enc(key)}=${enc(value)}`;
}

// src/traefik/forwarded.ts
var TRAEFIK_HOSTNAME = "traefik";
var MANAGED = /* @__PURE__ */ new Set([
  "X-Forwarded-Proto",
  "X-Forwarded-For",
  "X-Forwarded-Host",
  "X-Forwarded-Port",
  "X-Forwarded-Server",
  "X-Forwarded-Uri",
  "X-Forwarded-Method",
  "X-Forwarded-Prefix",
  "X-Forwarded-Tls-Client-Cert",
  "X-Forwarded-Tls-Client-Cert-Info",
  "X-Real-Ip"
]);
var isManagedXHeader = (key) => MANAGED.has(canonicalHeaderKey(key.replace(/_/g, "-")));
function entryHeaders(c) {
  const h = /* @__PURE__ */ new Map();
  for (const [k, v] of c.headers) {
    if (isManagedXHeader(k)) continue;
    h.set(k, [...h.get(k) ?? [], v]);
  }
  for (const hop of (h.get("Connection") ?? []).flatMap((v) => v.split(","))) {
    const key = canonicalHeaderKey(hop.trim());
    if (key && !MANAGED.has(key)) h.delete(key);
  }
  h.delete("Connection");
  h.set("X-Real-Ip", [c.clientIP]);
  h.set("X-Forwarded-Proto", [c.scheme]);
  const port = /:(\d+)$/.exec(c.host.replace(/^\[[^\]]*\]/, ""))?.[1];
  h.set("X-Forwarded-Port", [port ?? (c.scheme === "https" ? "443" : "80")]);
  if (c.host !== "") h.set("X-Forwarded-Host", [c.host]);
  h.set("X-Forwarded-Server", [TRAEFIK_HOSTNAME]);
  return h;
}
function routeRequest(c) {
  const q = c.target.indexOf("?");
  const headers2 = /* @__PURE__ */ new Map();
  for (const [k, v] of entryHeaders(c)) if (v) headers2.set(k, v);
  return {
    method: c.method,
    host: c.host,
    path: q < 0 ? c.target : c.target.slice(0, q),
    query: q < 0 ? "" : c.target.slice(q + 1),
    headers: headers2,
    clientIP: c.clientIP,
    tls: c.scheme === "https"
  };
}
function proxyHeaders(h, clientIP) {
  const out = {};
  const xff = h.get("X-Forwarded-For");
  if (xff !== null) out["X-Forwarded-For"] = [...xff ?? [], clientIP].join(", ");
  for (const [k, v] of h) if (v && k !== "X-Forwarded-For" && k !== "Host") out[k] = v.join(", ");
  return out;
}

// src/traefik/state.ts
var NEXT = { kind: "next" };
function initialState(c) {
  const q = c.target.indexOf("?");
  const target = q < 0 ? c.target : c.target.slice(0, q);
  const path = pathUnescape(target);
  return {
    method: c.method,
    scheme: c.scheme,
    host: c.host,
    path,
    rawPath: escapePath(path) === target ? "" : target,
    query: q < 0 ? "" : c.target.slice(q + 1),
    requestURI: c.target,
    headers: entryHeaders(c),
    clientIP: c.clientIP
  };
}
function refreshURI(s) {
  s.requestURI = (escapedPath(s.path, s.rawPath) || "/") + (s.query ? `?${s.query}` : "");
}
function addHeader(s, key, value) {
  s.headers.set(key, [...s.headers.get(key) ?? [], value]);
}

// src/traefik/mw-path.ts
function sanitise(s, what) {
  if (s.path === "") return NEXT;
  const joined = joinPathClean(escapedPath(s.path, s.rawPath));
  const clean = pathUnescape(joined);
  if (clean !== s.path) return { kind: "error", status: 400, detail: `${what} leaves the path ${s.path}, which is not clean (${clean})` };
  s.path = clean;
  s.rawPath = escapePath(clean) === joined ? "" : joined;
  return NEXT;
}
var trimSlash = (x) => x.startsWith("/") ? x.slice(1) : x;
function stripPrefix(s, prefixes, forceSlash) {
  for (const prefix of prefixes.map((p) => p.trim())) {
    if (!s.path.startsWith(prefix)) continue;
    const cut = (x) => forceSlash ? `/${trimSlash(x)}` : ensureLeadingSlash(x);
    s.path = cut(s.path.slice(prefix.length));
    if (s.rawPath) s.rawPath = cut(s.rawPath.slice(encodedPrefixLen(s.rawPath, prefix.length)));
    const step = sanitise(s, `stripping ${prefix}`);
    if (step.kind !== "next") return step;
    addHeader(s, "X-Forwarded-Prefix", prefix);
    refreshURI(s);
    break;
  }
  return NEXT;
}
function stripPrefixRegex(s, regexes) {
  for (const re of regexes) {
    const prefix = goFindSubmatch(re, s.path)?.[0];
    if (!prefix || !s.path.startsWith(prefix)) continue;
    addHeader(s, "X-Forwarded-Prefix", prefix);
    s.path = ensureLeadingSlash(s.path.slice(prefix.length));
    if (s.rawPath) s.rawPath = ensureLeadingSlash(s.rawPath.slice(encodedPrefixLen(s.rawPath, prefix.length)));
    const step = sanitise(s, `stripping ${prefix}`);
    if (step.kind !== "next") return step;
    refreshURI(s);
    break;
  }
  return NEXT;
}
function addPrefix(s, prefix) {
  s.path = ensureLeadingSlash(prefix + s.path);
  if (s.rawPath) s.rawPath = ensureLeadingSlash(prefix + s.rawPath);
  refreshURI(s);
  return NEXT;
}
function setRawPath(s, raw) {
  s.rawPath = raw;
  try {
    s.path = pathUnescape(raw);
  } catch (e) {
    return { kind: "error", status: 500, detail: `unable to unescape the new path ${raw}: ${e.message}` };
  }
  refreshURI(s);
  return NEXT;
}
function replacePath(s, path) {
  addHeader(s, "X-Replaced-Path", s.rawPath || escapedPath(s.path, ""));
  return setRawPath(s, path);
}
function replacePathRegex(s, re, replacement) {
  const current = s.rawPath || escapedPath(s.path, "");
  if (!goMatch(re, current)) return NEXT;
  addHeader(s, "X-Replaced-Path", current);
  const step = setRawPath(s, goReplaceAll(re, current, replacement));
  return step.kind === "next" ? sanitise(s, `replacing ${current}`) : step;
}

// src/traefik/mw-redirect.ts
var URI_PATTERN = compileGo(String.raw`^(https?:\/\/)?(\[[\w:.]+\]|[\w\._-]+)?(:\d+)?(.*)$`);
var redirectStatus = (method, permanent) => method === "GET" ? permanent ? 301 : 302 : permanent ? 308 : 307;
function parsable(url) {
  const host2 = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(url)?.[1] ?? "";
  return !/%(?![0-9a-fA-F]{2})|[\x00-\x1f\x7f]/.test(url) && !/%(?!25)[0-7][0-9a-fA-F]/.test(host2);
}
function redirect(s, oldURL, re, replacement, permanent) {
  if (!goMatch(re, oldURL)) return NEXT;
  const newURL = goReplaceAll(re, oldURL, replacement);
  if (!parsable(newURL)) return { kind: "error", status: 502, detail: `the redirect target ${JSON.stringify(newURL)} is not a valid URL` };
  if (newURL === oldURL) return NEXT;
  return { kind: "redirect", status: redirectStatus(s.method, permanent), location: newURL };
}
function redirectRegex(s, re, replacement, permanent) {
  return redirect(s, `${s.scheme}://${s.host}${s.requestURI}`, re, replacement, permanent);
}
function redirectScheme(s, scheme, port, permanent) {
  let reqScheme = s.scheme;
  const proto = (s.headers.get("X-Forwarded-Proto") ?? [])[0]?.toLowerCase();
  if (proto === "http" || proto === "ws") reqScheme = "http";
  if (proto === "https" || proto === "wss") reqScheme = "https";
  const m = /^(.*):(\d*)$/.exec(s.host);
  let host2 = s.host;
  let hostPort = "";
  if (m && !/^[^[]*:.*:/.test(s.host)) [host2, hostPort] = [m[1].replace(/^\[(.*)\]$/, "$1"), `:${m[2]}`];
  if (reqScheme === "http" && hostPort === ":80" || reqScheme === "https" && hostPort === ":443") hostPort = "";
  const keepPort = port && !(scheme === "http" && port === "80" || scheme === "https" && port === "443") ? `:${port}` : "";
  return redirect(s, `${reqScheme}://${host2}${hostPort}${s.requestURI}`, URI_PATTERN, `${scheme}://\${2}${keepPort}\${4}`, permanent);
}
function sslRedirect(s, temporary, sslHost) {
  if (s.scheme === "https") return NEXT;
  return { kind: "redirect", status: temporary ? 302 : 301, location: `https://${sslHost || s.host}${s.requestURI}` };
}

// src/traefik/chain.ts
var NOTED = {
  ratelimit: "may answer 429 when the rate is exceeded",
  inflightreq: "may answer 429 above its in-flight limit",
  circuitbreaker: "may answer 503 while its breaker is open",
  errors: "replaces error pages with another service's",
  plugin: "is a plugin: cc-ci does not know what it does"
};
function resolve(ref, ctx2) {
  const own = ctx2.traefik === "v3" ? "swarm" : "docker";
  const [name, provider, ...more] = ref.split("@");
  if (more.length || provider !== void 0 && provider !== "docker" && provider !== "swarm") {
    ctx2.notes.push(`middleware ${ref} comes from traefik's ${provider ?? "?"} provider, not these labels: continued without it`);
    return void 0;
  }
  if (provider !== void 0 && provider !== own) ctx2.notes.push(`middleware ${ref}: traefik ${ctx2.traefik} names these labels' middlewares @${own}, so @${provider} may not resolve`);
  const el = ctx2.middlewares.get(name);
  if (!el) ctx2.notes.push(`middleware ${ref} is not defined in these services' labels (another stack?): continued without it`);
  return el;
}
function apply(el, type, s, ctx2, active, dry) {
  const o = options(el);
  const bool = (k) => goBool(o.get(k) ?? "") ?? false;
  const regex = (k) => compileGo(o.get(k) ?? "");
  switch (type) {
    case "stripprefix": {
      const force = o.get("forceslash");
      return stripPrefix(s, list(o.get("prefixes")), force === void 0 ? ctx2.traefik === "v2" : goBool(force) ?? false);
    }
    case "stripprefixregex":
      return stripPrefixRegex(s, list(o.get("regex")).map((r) => compileGo(r.trim())));
    case "addprefix": {
      const prefix = o.get("prefix") ?? "";
      if (prefix === "") throw new Error("addPrefix: prefix cannot be empty");
      return addPrefix(s, prefix);
    }
    case "replacepath":
      return replacePath(s, o.get("path") ?? "");
    case "replacepathregex":
      return replacePathRegex(s, compileGo((o.get("regex") ?? "").trim()), (o.get("replacement") ?? "").trim());
    case "redirectregex":
      return redirectRegex(s, regex("regex"), o.get("replacement") ?? "", bool("permanent"));
    case "redirectscheme": {
      const scheme = o.get("scheme") ?? "";
      if (scheme === "") throw new Error("redirectScheme: you must provide a target scheme");
      return redirectScheme(s, scheme, o.get("port") ?? "", bool("permanent"));
    }
    case "headers":
      return headers(el, s, ctx2);
    case "chain":
      return run2(list(o.get("middlewares")), s, ctx2, active, dry);
    case "basicauth":
    case "digestauth":
      ctx2.auth ??= { middleware: el.name, type };
      return NEXT;
    case "forwardauth":
      ctx2.notes.push(`middleware ${el.name}: forwardAuth asks ${o.get("address") ?? "?"} first; its answer decides whether the app is reached`);
      return NEXT;
    case "ipallowlist":
    case "ipwhitelist": {
      const allowed = ipChecker(list(o.get("sourcerange")));
      if (!allowed(s.clientIP)) ctx2.notes.push(`middleware ${el.name}: traefik answers 403 to clients outside ${o.get("sourcerange")}`);
      return NEXT;
    }
    default:
      if (NOTED[type]) ctx2.notes.push(`middleware ${el.name} (${type}) ${NOTED[type]}`);
      return NEXT;
  }
}
function headers(el, s, ctx2) {
  const o = options(el);
  const allowed = list(o.get("allowedhosts"));
  if (allowed.length && goBool(o.get("isdevelopment") ?? "") !== true && !allowed.some((h) => h.toLowerCase() === s.host.toLowerCase())) {
    return { kind: "error", status: 500, detail: `headers middleware ${el.name} refuses host ${s.host} (Bad Host: not in allowedHosts)` };
  }
  if (goBool(o.get("sslredirect") ?? "") || goBool(o.get("ssltemporaryredirect") ?? "")) {
    if (ctx2.traefik === "v2") return sslRedirect(s, goBool(o.get("ssltemporaryredirect") ?? "") ?? false, o.get("sslhost"));
    ctx2.notes.push(`middleware ${el.name}: sslRedirect is ignored by traefik v3`);
  }
  for (const [name, value] of o.under("customrequestheaders")) {
    if (value === "" && name === "X-Forwarded-For") s.headers.set("X-Forwarded-For", null);
    else if (value === "") s.headers.delete(canonicalHeaderKey(name));
    else if (name.toLowerCase() === "host") s.host = value;
    else s.headers.set(canonicalHeaderKey(name), [value]);
  }
  return NEXT;
}
function run2(refs, s, ctx2, active = [], dry = false) {
  for (const ref of refs) {
    const el = resolve(ref, ctx2);
    if (!el) continue;
    if (active.includes(el.name)) throw new Error(`recursion detected in middleware chain ${[...active, el.name].join(" -> ")}`);
    const types = middlewareTypes(el);
    if (types.length > 1) throw new Error(`middleware ${el.name}: multi-types middleware not supported (${types.join(", ")})`);
    const step = apply(el, types[0], s, ctx2, [...active, el.name], dry);
    if (step.kind !== "next" && !dry) return step.middleware ? step : { ...step, middleware: el.name };
  }
  return NEXT;
}

// src/traefik/rule-parse.ts
var RuleError = class extends Error {
};
function unquoteInterpreted(body, at) {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i] ?? "";
    const simple = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "	", v: "\v", "\\": "\\", '"': '"' };
    if (simple[e] !== void 0) {
      out += simple[e];
      continue;
    }
    const len = { x: 2, u: 4, U: 8 }[e];
    const digits = len ? body.slice(i + 1, i + 1 + len) : body.slice(i, i + 3);
    const ok = len ? new RegExp(`^[0-9a-fA-F]{${len}}$`).test(digits) : /^[0-7]{3}$/.test(digits);
    if (!ok) throw new RuleError(`invalid escape \`\\${e}\` in string at ${at}`);
    const n = parseInt(digits, len ? 16 : 8);
    if (!len && n > 255) throw new RuleError(`octal escape value > 255 in string at ${at}`);
    if (len && len > 2 && (n > 1114111 || n >= 55296 && n < 57344)) throw new RuleError(`invalid Unicode code point in string at ${at}`);
    out += len && len > 2 ? String.fromCodePoint(n) : String.fromCharCode(n);
    i += len ? len : 2;
  }
  return out;
}
function lex(src) {
  const toks = [];
  let i = 0;
  const push = (k, v, at) => toks.push({ k, v, at });
  const newline = (at) => {
    const last = toks[toks.length - 1];
    if (last && (last.k === "id" || last.k === "str" || last.v === ")")) push("semi", "\n", at);
  };
  while (i < src.length) {
    const c = src[i];
    if (c === "\n") {
      newline(i);
      i++;
      continue;
    }
    if (c === " " || c === "	" || c === "\r") {
      i++;
      continue;
    }
    if (src.startsWith("//", i)) {
      const e = src.indexOf("\n", i);
      i = e < 0 ? src.length : e;
      continue;
    }
    if (src.startsWith("/*", i)) {
      const e = src.indexOf("*/", i + 2);
      if (e < 0) throw new RuleError("comment not terminated");
      if (src.slice(i, e).includes("\n")) newline(i);
      i = e + 2;
      continue;
    }
    const at = i;
    if (/[\p{L}_]/u.test(c)) {
      const m = /^[\p{L}\p{Nd}_]+/u.exec(src.slice(i));
      push("id", m[0], at);
      i += m[0].length;
    } else if (c === "`") {
      const e = src.indexOf("`", i + 1);
      if (e < 0) throw new RuleError(`raw string literal not terminated at ${at}`);
      push("str", src.slice(i + 1, e).replace(/\r/g, ""), at);
      i = e + 1;
    } else if (c === '"') {
      const m = /^"((?:[^"\\\n]|\\.)*)"/.exec(src.slice(i));
      if (!m) throw new RuleError(`string literal not terminated at ${at}`);
      push("str", unquoteInterpreted(m[1], at), at);
      i += m[0].length;
    } else if (src.startsWith("&&", i) || src.startsWith("||", i)) {
      push("punct", src.slice(i, i + 2), at);
      i += 2;
    } else if ("()!,".includes(c)) {
      push("punct", c, at);
      i++;
    } else if (c === "'") {
      throw new RuleError(`single quotes are not accepted at ${at}: use backticks or double quotes`);
    } else {
      throw new RuleError(`unexpected \`${src.slice(i).match(/^(\d+|\S)/)?.[0] ?? c}\` at ${at}`);
    }
  }
  push("eof", "", src.length);
  return toks;
}
function parseRule(src) {
  const toks = lex(src);
  let p = 0;
  const peek = () => toks[p];
  const fail = (t, what) => {
    throw new RuleError(`${what} at ${t.at}${t.k === "eof" ? " (end of rule)" : t.k === "semi" ? " (newline)" : ` (\`${t.v}\`)`}`);
  };
  const expect = (v) => peek().v === v && peek().k === "punct" ? toks[p++] : fail(peek(), `expected \`${v}\``);
  function primary() {
    const t = toks[p++];
    if (t.k === "punct" && t.v === "!") return { op: "not", expr: primary() };
    if (t.k === "punct" && t.v === "(") {
      const e = or();
      expect(")");
      return e;
    }
    if (t.k === "str") return fail(t, "a string is not a rule");
    if (t.k !== "id") return fail(t, "expected a matcher");
    if (peek().v !== "(") return fail(t, `\`${t.v}\` is not defined`);
    p++;
    const args = [];
    while (peek().v !== ")" || peek().k !== "punct") {
      const a = toks[p++];
      if (a.k !== "str") fail(a, `arguments of ${t.v} must be string literals`);
      args.push(a.v);
      if (peek().v === "," && peek().k === "punct") p++;
      else if (peek().v !== ")") fail(peek(), "expected `,` or `)`");
    }
    p++;
    return { op: "call", name: t.v, args };
  }
  function and() {
    let left = primary();
    while (peek().k === "punct" && peek().v === "&&") {
      p++;
      left = { op: "and", left, right: primary() };
    }
    return left;
  }
  function or() {
    let left = and();
    while (peek().k === "punct" && peek().v === "||") {
      p++;
      left = { op: "or", left, right: and() };
    }
    return left;
  }
  const ast = or();
  if (peek().k === "semi" && toks[p + 1]?.k === "eof") p++;
  if (peek().k !== "eof") fail(peek(), "unexpected token");
  return ast;
}
function matcherSpellings(name) {
  const lower = name.toLowerCase();
  return [name, lower, name.toUpperCase(), lower.charAt(0).toUpperCase() + lower.slice(1)];
}

// src/traefik/matcher-kit.ts
var isAscii = (s) => /^[\x00-\x7f]*$/.test(s);
var toRequestPath = (p) => p.replace(/%(?![0-9a-fA-F]{2})|[^A-Za-z0-9\-_.~$&+,/:;=@!'()*%]/gu, (c) => encodeURIComponent(c));
function regexExamples(pattern) {
  const s = goSample(compileGo(pattern));
  return s === void 0 ? [] : [s];
}
var nParams = (fn, ...counts) => (args) => {
  if (!counts.includes(args.length)) throw new RuleError(`unexpected number of parameters; got ${args.length}, expected one of [${counts.join(" ")}]`);
  return fn(args);
};

// src/traefik/matchers-v2.ts
function muxTemplate(tpl, kind) {
  if ((kind === "path" || kind === "prefix") && tpl !== "" && !tpl.startsWith("/")) throw new RuleError(`mux: path must start with a slash, got "${tpl}"`);
  const idxs = [];
  let level = 0;
  let start = 0;
  for (let i = 0; i < tpl.length; i++) {
    if (tpl[i] === "{" && ++level === 1) start = i;
    else if (tpl[i] === "}" && --level === 0) idxs.push(start, i + 1);
    else if (level < 0) throw new RuleError(`mux: unbalanced braces in "${tpl}"`);
  }
  if (level !== 0) throw new RuleError(`mux: unbalanced braces in "${tpl}"`);
  const dflt = kind === "query" ? ".*" : kind === "host" ? "[^.]+" : "[^/]+";
  let pattern = `${kind === "host" ? "(?i)" : ""}^`;
  let end = 0;
  for (let i = 0; i < idxs.length; i += 2) {
    const raw = tpl.slice(end, idxs[i]);
    end = idxs[i + 1];
    const inner = tpl.slice(idxs[i] + 1, end - 1);
    const colon = inner.indexOf(":");
    const [name, patt] = colon < 0 ? [inner, dflt] : [inner.slice(0, colon), inner.slice(colon + 1)];
    if (name === "" || patt === "") throw new RuleError(`mux: missing name or pattern in "${tpl.slice(idxs[i], end)}"`);
    compileGo(`^${patt}$`);
    pattern += `${quoteMeta(raw)}(?P<v${i / 2}>${patt})`;
  }
  pattern += quoteMeta(tpl.slice(end));
  if (kind === "query" && tpl.slice(tpl.indexOf("=") + 1) === "") pattern += dflt;
  if (kind !== "prefix") pattern += "$";
  return pattern;
}
function pairs(args) {
  if (args.length % 2 !== 0) throw new RuleError(`mux: number of parameters must be multiple of 2, got [${args.join(" ")}]`);
  return Array.from({ length: args.length / 2 }, (_, k) => [args[2 * k], args[2 * k + 1]]);
}
var host = (args) => {
  const bad = args.find((h) => !isAscii(h));
  if (bad !== void 0) throw new RuleError(`invalid value "${bad}" for "Host" matcher, non-ASCII characters are not allowed`);
  const hosts = args.map((h) => h.toLowerCase());
  const test = (h) => h !== "" && hosts.some((x) => h === x || x.endsWith(".") && h === x.slice(0, -1) || h.endsWith(".") && h.slice(0, -1) === x);
  return { dim: "host", test: (r) => test(canonicalHost(r.host)), examples: (d) => [{ host: test(d) ? d : hosts[0].replace(/\.$/, "") }] };
};
var pathLike = (kind) => (args) => {
  const res = args.map((a) => compileGo(muxTemplate(a, kind)));
  const ex = args.flatMap((a) => regexExamples(muxTemplate(a, kind)));
  return { dim: "path", test: (r) => res.some((re) => goMatch(re, routingPath(r.path))), examples: () => ex.map((p) => ({ path: toRequestPath(p) })) };
};
var V2_MATCHERS = {
  Host: host,
  HostHeader: host,
  HostRegexp: (args) => {
    if (args.some((h) => !isAscii(h))) throw new RuleError("invalid value for HostRegexp matcher, non-ASCII characters are not allowed");
    const res = args.map((a) => compileGo(muxTemplate(a, "host")));
    const test = (h) => res.some((re) => goMatch(re, h));
    const ex = args.flatMap((a) => regexExamples(muxTemplate(a, "host")));
    return { dim: "host", test: (r) => test(hostWithoutPort(r.host)), examples: (d) => [d, ...ex].filter(test).map((h) => ({ host: h.toLowerCase() })) };
  },
  ClientIP: (args) => {
    const inRange = ipChecker(args);
    return { dim: "client", test: (r) => inRange(r.clientIP), examples: () => [{ client: firstAddress(args[0]) }] };
  },
  Path: pathLike("path"),
  PathPrefix: pathLike("prefix"),
  Method: (args) => {
    const methods = args.map((m) => m.toUpperCase());
    return { dim: "method", test: (r) => methods.includes(r.method), examples: () => [{ method: methods.includes("GET") ? "GET" : methods[0] }] };
  },
  Headers: (args) => {
    const want = pairs(args).map(([k, v]) => [canonicalHeaderKey(k), v]);
    return { dim: "headers", test: (r) => want.every(([k, v]) => (r.headers.get(k) ?? []).includes(v)), examples: () => [{ headers: want }] };
  },
  HeadersRegexp: (args) => {
    const want = pairs(args).map(([k, v]) => [canonicalHeaderKey(k), compileGo(v), v]);
    const ex = want.map(([k, , v]) => [k, regexExamples(v)[0]]);
    return {
      dim: "headers",
      test: (r) => want.every(([k, re]) => (r.headers.get(k) ?? []).some((x) => goMatch(re, x))),
      examples: () => ex.every(([, v]) => v !== void 0) ? [{ headers: ex }] : []
    };
  },
  Query: (args) => {
    const flat = args.flatMap((a) => a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a]);
    const tpls = pairs(flat).map(([k, v]) => ({ key: k, re: compileGo(muxTemplate(`${k}=${v}`, "query")), tpl: `${k}=${v}` }));
    const test = (query2) => {
      const q = parseQuery(query2);
      return tpls.every(({ key, re }) => goMatch(re, q.get(key)?.length ? `${key}=${q.get(key)[0]}` : ""));
    };
    const ex = tpls.map(({ tpl }) => regexExamples(muxTemplate(tpl, "query"))[0]);
    const query = ex.every((s) => s !== void 0) ? ex.map((s) => [s.slice(0, s.indexOf("=")), s.slice(s.indexOf("=") + 1)]) : void 0;
    return { dim: "query", test: (r) => test(r.query), examples: () => query ? [{ query }] : [] };
  }
};

// src/traefik/matchers-v3.ts
function domainMatch(domain, expr) {
  if (!expr.startsWith("*")) return domain.toLowerCase() === expr.toLowerCase();
  const labels = domain.split(".");
  labels[0] = "*";
  return labels.join(".").toLowerCase() === expr.toLowerCase();
}
var V3_MATCHERS = {
  ClientIP: nParams(([ip]) => {
    const inRange = ipChecker([ip]);
    return { dim: "client", test: (r) => inRange(r.clientIP), examples: () => [{ client: firstAddress(ip) }] };
  }, 1),
  Method: nParams(([m]) => ({ dim: "method", test: (r) => r.method === m.toUpperCase(), examples: () => [{ method: m.toUpperCase() }] }), 1),
  Host: nParams(([expr]) => {
    if (expr === "*") return { dim: "host", test: () => true, examples: (d) => [{ host: d }] };
    if (!isAscii(expr)) throw new RuleError(`invalid value "${expr}" for Host matcher, non-ASCII characters are not allowed`);
    const e = expr.toLowerCase();
    const test = (h) => h !== "" && (domainMatch(h, e) || e.endsWith(".") && domainMatch(h, e.slice(0, -1)) || h.endsWith(".") && domainMatch(h.slice(0, -1), e));
    const plain = e.replace(/\.$/, "").replace(/^\*/, "cc-ci");
    return { dim: "host", test: (r) => test(canonicalHost(r.host)), examples: (d) => [{ host: test(d) ? d : plain }] };
  }, 1),
  HostRegexp: nParams(([expr]) => {
    if (!isAscii(expr)) throw new RuleError(`invalid value "${expr}" for HostRegexp matcher, non-ASCII characters are not allowed`);
    const re = compileGo(expr);
    const test = (h) => goMatch(re, h);
    return { dim: "host", test: (r) => test(canonicalHost(r.host)), examples: (d) => [d, ...regexExamples(expr)].filter(test).map((host2) => ({ host: host2 })) };
  }, 1),
  Path: nParams(([p]) => {
    if (!p.startsWith("/")) throw new RuleError(`path "${p}" does not start with a '/'`);
    return { dim: "path", test: (r) => routingPath(r.path) === p, examples: () => [{ path: toRequestPath(p) }] };
  }, 1),
  PathRegexp: nParams(([p]) => {
    const re = compileGo(p);
    return { dim: "path", test: (r) => goMatch(re, routingPath(r.path)), examples: () => regexExamples(p).map((s) => ({ path: toRequestPath(s.startsWith("/") ? s : `/${s}`) })) };
  }, 1),
  PathPrefix: nParams(([p]) => {
    if (!p.startsWith("/")) throw new RuleError(`path "${p}" does not start with a '/'`);
    return { dim: "path", test: (r) => routingPath(r.path).startsWith(p), examples: () => [{ path: toRequestPath(p) }] };
  }, 1),
  Header: nParams(([k, v]) => {
    const key = canonicalHeaderKey(k);
    return { dim: "headers", test: (r) => (r.headers.get(key) ?? []).includes(v), examples: () => [{ headers: [[key, v]] }] };
  }, 2),
  HeaderRegexp: nParams(([k, v]) => {
    const key = canonicalHeaderKey(k);
    const re = compileGo(v);
    return { dim: "headers", test: (r) => (r.headers.get(key) ?? []).some((x) => goMatch(re, x)), examples: () => regexExamples(v).map((s) => ({ headers: [[key, s]] })) };
  }, 2),
  Query: nParams(([k, v]) => ({
    dim: "query",
    test: (r) => (parseQuery(r.query).get(k) ?? null)?.includes(v ?? "") ?? false,
    examples: () => [{ query: [[k, v]] }]
  }), 1, 2),
  QueryRegexp: nParams(([k, v]) => {
    if (v === void 0) return V3_MATCHERS.Query([k]);
    const re = compileGo(v);
    return {
      dim: "query",
      test: (r) => (parseQuery(r.query).get(k) ?? []).some((x) => goMatch(re, x)),
      examples: () => regexExamples(v).map((s) => ({ query: [[k, s]] }))
    };
  }, 1, 2)
};

// src/traefik/rule.ts
var TABLES = { v2: V2_MATCHERS, v3: V3_MATCHERS };
function spellings(table) {
  const names = /* @__PURE__ */ new Map();
  for (const canonical of Object.keys(table)) for (const s of matcherSpellings(canonical)) names.set(s, canonical);
  return names;
}
function compileRule(rule, syntax) {
  const table = TABLES[syntax];
  const names = spellings(table);
  const build2 = (ast) => {
    if (ast.op === "not") return { op: "not", expr: build2(ast.expr) };
    if (ast.op !== "call") return { op: ast.op, left: build2(ast.left), right: build2(ast.right) };
    const name = names.get(ast.name);
    if (!name) {
      const other = syntax === "v2" ? "v3" : "v2";
      throw new RuleError(`unsupported function: ${ast.name}${spellings(TABLES[other]).has(ast.name) ? ` (a ${other} matcher)` : ""}`);
    }
    if (ast.args.length === 0) throw new RuleError(`no args for matcher ${name}`);
    if (ast.args.some((a) => a === "")) throw new RuleError(`empty args for matcher ${name}`);
    try {
      return { op: "m", m: { name, args: ast.args, ...table[name](ast.args) } };
    } catch (e) {
      throw new RuleError(`${name}: ${e.message}`);
    }
  };
  return build2(parseRule(rule));
}
function evaluate(t, req) {
  switch (t.op) {
    case "and":
      return evaluate(t.left, req) && evaluate(t.right, req);
    case "or":
      return evaluate(t.left, req) || evaluate(t.right, req);
    case "not":
      return !evaluate(t.expr, req);
    case "m":
      return t.m.test(req);
  }
}
function leaves(t) {
  return t.op === "m" ? [t.m] : t.op === "not" ? leaves(t.expr) : [...leaves(t.left), ...leaves(t.right)];
}

// src/traefik/target.ts
var normalize = (name) => name.split(/[^\p{L}\p{N}]+/u).filter(Boolean).join("-");
function lbService(router, owner, ctx2) {
  const ref = field(router, "service");
  if (ref === void 0) {
    if (owner.services.size > 1) {
      ctx2.finding({ level: "error", label: `traefik.http.routers.${router.name}.service`, message: `router ${router.name} needs a service label: ${owner.svc.name} defines ${owner.services.size} services` }, owner.svc.name);
      return { unroutable: `router ${router.name} cannot be linked automatically with several services (${[...owner.services.keys()].join(", ")})` };
    }
    const el = [...owner.services.values()][0] ?? { name: normalize(owner.svc.name), owner: owner.svc.name, fields: /* @__PURE__ */ new Map() };
    return { el, owner };
  }
  const [name, provider] = ref.split("@");
  if (provider !== void 0 && provider !== "docker" && provider !== "swarm") return { unroutable: `router service ${ref} is provided by traefik's ${provider} provider, not an app's tasks` };
  const owners = ctx2.decoded.filter((d) => d.services.has(name));
  if (owners.length === 0) return { unroutable: `router service ${ref} is not defined in these services' labels; traefik drops the router` };
  if (owners.length > 1) ctx2.notes.push(`service ${name} is defined by ${owners.map((d) => d.svc.name).join(" and ")}; traefik load-balances across them, cc-ci probes ${owners[0].svc.name}`);
  return { el: owners[0].services.get(name), owner: owners[0] };
}
function network(owner, ctx2) {
  const want = owner.network?.value ?? ctx2.proxyNetwork;
  const nets = owner.svc.networks;
  const key = owner.network?.key ?? ctx2.networkLabel;
  const svc = owner.svc.name;
  if (nets.includes(want)) {
    if (want === ctx2.proxyNetwork) return want;
    ctx2.finding({ level: "error", label: key, message: `traefik would reach ${svc} over ${want}, a network traefik is not on; use ${ctx2.proxyNetwork}` }, svc);
    return { unroutable: `traefik reaches ${svc} over ${want}, which traefik is not on` };
  }
  const prefixed = nets.find((n) => n.endsWith(`_${want}`));
  const hint = prefixed ? ` (the stack prefix is not added: did you mean ${prefixed}?)` : "";
  if (nets.includes(ctx2.proxyNetwork) && owner.network) {
    const random = nets.length > 1 ? `one of ${nets.join(", ")} at random` : nets[0];
    ctx2.finding({ level: nets.length > 1 ? "error" : "warn", label: key, message: `${svc} is not on network ${want}${hint}; traefik falls back to ${random}; set ${key}=${ctx2.proxyNetwork}` }, svc);
    ctx2.notes.push(`network ${want} not found on ${svc}: traefik uses ${random}`);
    return ctx2.proxyNetwork;
  }
  ctx2.finding({ level: "error", label: owner.network ? key : `${svc} networks`, message: `${svc} is not attached to ${ctx2.proxyNetwork}, the network traefik is on; add it to the service's networks` }, svc);
  return { unroutable: `${svc} is not on ${ctx2.proxyNetwork}${owner.network ? ` and names network ${want}${hint}` : ""}, so traefik cannot reach it` };
}
function resolveTarget(router, owner, ctx2) {
  const lb = lbService(router, owner, ctx2);
  if ("unroutable" in lb) return lb;
  const { el, owner: target } = lb;
  const url = field(el, "loadbalancer.server.url");
  if (url !== void 0) return { unroutable: `service ${el.name} forwards to ${url}, not to swarm tasks; cc-ci does not probe it` };
  const portRaw = field(el, "loadbalancer.server.port");
  const port = Number(portRaw);
  if (portRaw === void 0 || !/^\d+$/.test(portRaw.trim()) || port < 1 || port > 65535) {
    const label2 = fieldKey(el, "loadbalancer.server.port", "services");
    ctx2.finding({ level: "error", label: label2, message: portRaw === void 0 ? `set ${label2}: traefik's swarm provider cannot guess a port and ignores ${target.svc.name}` : `${label2} must be a port number, not "${portRaw}"` }, target.svc.name);
    return { unroutable: portRaw === void 0 ? `${target.svc.name} declares no loadbalancer.server.port; traefik ignores it (port is missing)` : `service ${el.name} has port "${portRaw}"` };
  }
  const schemeRaw = (field(el, "loadbalancer.server.scheme") ?? "http").toLowerCase();
  if (!["http", "https", "h2c"].includes(schemeRaw)) return { unroutable: `service ${el.name} uses scheme ${schemeRaw}, which traefik cannot proxy HTTP to` };
  if (schemeRaw === "h2c") ctx2.notes.push(`service ${el.name} speaks h2c (cleartext HTTP/2) to the app`);
  const net = network(target, ctx2);
  if (typeof net !== "string") return net;
  const passHost = goBool(field(el, "loadbalancer.passhostheader") ?? "true") ?? true;
  return { service: target.svc.name, port, scheme: schemeRaw === "https" ? "https" : "http", network: net, passHost };
}

// src/traefik/model.ts
var DEFAULT_ENTRYPOINTS = ["web", "web-secure"];
var fingerprint = (el) => JSON.stringify([...el.fields].map(([p, f]) => [p, f.value]).sort());
function conflicts(decoded, kind, findings) {
  const seen = /* @__PURE__ */ new Map();
  const out = /* @__PURE__ */ new Set();
  for (const d of decoded) {
    for (const el of d[kind].values()) {
      const first = seen.get(el.name);
      if (first && fingerprint(first) !== fingerprint(el) && !out.has(el.name)) {
        out.add(el.name);
        findings.push({ level: "error", service: d.svc.name, label: `traefik.http.${kind}.${el.name}`, message: `${el.name} is defined differently by ${first.owner} and ${el.owner}; traefik drops it: rename one` });
      }
      seen.set(el.name, first ?? el);
    }
  }
  return out;
}
function checkPorts(d, traefik, findings) {
  if (d.error || d.onlyTcpUdp) return;
  const lbs = d.services.size ? [...d.services.values()] : [{ name: normalize(d.svc.name), owner: d.svc.name, fields: /* @__PURE__ */ new Map() }];
  for (const el of lbs) {
    const url = traefik === "v3" ? field(el, "loadbalancer.server.url") : void 0;
    const key = `traefik.http.services.${el.name}.loadbalancer.server.port`;
    if (url !== void 0 && (field(el, "loadbalancer.server.port") ?? field(el, "loadbalancer.server.scheme")) !== void 0) {
      d.error = { label: key, message: `service ${el.name}: defining scheme or port is not allowed when url is defined` };
    } else if (url === void 0 && !field(el, "loadbalancer.server.port")) {
      d.error = { label: key, message: `set ${key}: traefik's swarm provider cannot detect ports, so it ignores ${d.svc.name} (port is missing)` };
    }
    if (d.error) findings.push({ level: "error", service: d.svc.name, ...d.error });
    if (d.error) return;
  }
}
function syntaxOf(el, defaultRule, opts, traefik, findings, svc) {
  if (traefik === "v2") return "v2";
  if (defaultRule) return "v3";
  const label2 = field(el, "rulesyntax");
  if (label2 === void 0) return opts.ruleSyntax ?? "v2";
  if (label2 === "v2" || label2 === "v3") return label2;
  findings.push({ level: "warn", service: svc, label: `traefik.http.routers.${el.name}.ruleSyntax`, message: `ruleSyntax "${label2}" is neither v2 nor v3; traefik parses the rule as v3` });
  return "v3";
}
function buildModel(services, opts) {
  const traefik = opts.traefik ?? "v3";
  const findings = [];
  const decoded = services.map((s) => decodeLabels(s, traefik)).filter((d) => {
    if (d.error && (d.enabled || /^traefik\.(enable|docker|swarm)\b/i.test(d.error.label))) findings.push({ level: "error", service: d.svc.name, ...d.error });
    return d.enabled;
  });
  for (const d of decoded) checkPorts(d, traefik, findings);
  const live = decoded.filter((d) => !d.error);
  const [badRouters, , badMiddlewares] = ["routers", "services", "middlewares"].map((k) => conflicts(live, k, findings));
  const middlewares = new Map(live.flatMap((d) => [...d.middlewares]).filter(([n]) => !badMiddlewares.has(n)));
  const routes = [];
  for (const d of decoded) {
    const els = [...d.routers.values()];
    if (els.length === 0 && !d.onlyTcpUdp && d.services.size <= 1) els.push({ name: normalize(d.svc.name), owner: d.svc.name, fields: /* @__PURE__ */ new Map() });
    for (const el of els) {
      const given = field(el, "rule");
      const defaultRule = !given;
      const rule = given || `Host(\`${normalize(d.svc.name)}\`)`;
      const ruleKey = el.fields.get("rule")?.key ?? `traefik.http.routers.${el.name}.rule`;
      const syntax = syntaxOf(el, defaultRule, opts, traefik, findings, d.svc.name);
      const r = {
        name: el.name,
        el,
        owner: d,
        rule,
        ruleKey,
        defaultRule,
        syntax,
        entrypoints: list(field(el, "entrypoints")).length ? list(field(el, "entrypoints")) : DEFAULT_ENTRYPOINTS,
        tls: field(el, "tls") !== void 0 ? field(el, "tls").toLowerCase() === "true" : [...el.fields.keys()].some((p) => p.startsWith("tls.")),
        priority: Number.parseInt(field(el, "priority") ?? "0", 10) || new TextEncoder().encode(rule).length,
        middlewares: list(field(el, "middlewares"))
      };
      if (d.error) r.dropped = `traefik ignores ${d.svc.name}'s labels: ${d.error.message}`;
      else if (badRouters.has(el.name)) r.dropped = `router ${el.name} is defined differently by several services; traefik drops it`;
      else {
        try {
          r.tree = compileRule(rule, syntax);
        } catch (e) {
          const other = syntax === "v2" ? "v3" : "v2";
          let hint = "";
          try {
            compileRule(rule, other);
            hint = traefik === "v3" ? `; it is valid ${other} syntax: set traefik.http.routers.${el.name}.ruleSyntax=${other} or rewrite it` : "";
          } catch {
          }
          r.dropped = `traefik refuses the rule (${syntax} syntax): ${e.message}`;
          findings.push({ level: "error", service: d.svc.name, label: ruleKey, message: `${r.dropped}${hint}` });
        }
      }
      routes.push(r);
    }
  }
  return { routes, decoded: live, middlewares, findings, traefik };
}

// src/traefik/synthesize.ts
var CAP = 64;
function dnf(t, neg = false) {
  if (t.op === "m") return [[{ m: t.m, neg }]];
  if (t.op === "not") return dnf(t.expr, !neg);
  const left = dnf(t.left, neg);
  const right = dnf(t.right, neg);
  if (t.op === "and" === neg) return [...left, ...right].slice(0, CAP);
  return left.flatMap((a) => right.map((b) => [...a, ...b])).slice(0, CAP);
}
var DEFAULT_CLIENT_IP = "203.0.113.10";
function build(o, c) {
  const q = c.query.map(([k, v]) => queryPair(k, v)).join("&");
  return { method: c.method, scheme: o.scheme, host: c.host, target: c.path + (q ? `?${q}` : ""), headers: c.headers, clientIP: c.client };
}
function solve(conj, o) {
  const pos = (dim) => conj.filter((l) => !l.neg && l.m.dim === dim).flatMap((l) => l.m.examples(o.domain));
  const headers2 = /* @__PURE__ */ new Map();
  for (const e of pos("headers")) for (const [k, v] of e.headers ?? []) if (!isManagedXHeader(k)) headers2.set(k, v);
  const query = /* @__PURE__ */ new Map();
  for (const e of pos("query")) for (const [k, v] of e.query ?? []) query.set(k, v);
  const cur = {
    host: o.domain,
    path: "/",
    method: "GET",
    headers: [...headers2],
    query: [...query],
    client: DEFAULT_CLIENT_IP
  };
  const candidates = {
    host: [o.domain, ...pos("host").map((e) => e.host), `cc-ci.${o.domain}`],
    path: [...pos("path").map((e) => e.path).sort((a, b) => b.length - a.length), "/", "/cc-ci"],
    method: ["GET", ...pos("method").map((e) => e.method), "POST"],
    client: [...pos("client").map((e) => e.client), DEFAULT_CLIENT_IP, "198.51.100.10", "2001:db8::10"]
  };
  const holds = (dim) => {
    const req = routeRequest(build(o, cur));
    return conj.filter((l) => l.m.dim === dim).every((l) => l.m.test(req) !== l.neg);
  };
  for (const dim of ["host", "path", "method", "client"]) {
    const found = candidates[dim].find((v) => {
      cur[dim] = v;
      return holds(dim);
    });
    if (found === void 0) return void 0;
  }
  return holds("headers") && holds("query") ? build(o, cur) : void 0;
}
function synthesize(tree, o) {
  const found = dnf(tree).map((c) => solve(c, o)).filter((r) => r !== void 0 && evaluate(tree, routeRequest(r)));
  const score = (r) => (r.host === o.domain ? 0 : 2) + (r.method === "GET" ? 0 : 1);
  return found.sort((a, b) => score(a) - score(b))[0];
}

// src/traefik/plan.ts
var secure = (r, ep) => r.tls || ep === "web-secure";
function ownDomain(location, domain, model) {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(location) ?? /^\/\/([^/?#]*)/.exec(location);
  if (!m) return true;
  const host2 = canonicalHost(m[1].replace(/^.*@/, ""));
  const req = { method: "GET", host: host2, path: "/", query: "", headers: /* @__PURE__ */ new Map(), clientIP: DEFAULT_CLIENT_IP, tls: true };
  return host2 === domain.toLowerCase() || model.routes.some((r) => r.tree && leaves(r.tree).some((l) => l.dim === "host" && l.test(req)));
}
function winner(r, ep, req, model, notes) {
  const matching = model.routes.filter((x) => x.tree && !x.dropped && x.entrypoints.includes(ep) && secure(x, ep) === secure(r, ep) && evaluate(x.tree, req));
  const top = Math.max(...matching.map((x) => x.priority));
  const tied = matching.filter((x) => x.priority === top).sort((a, b) => a === r ? -1 : b === r ? 1 : a.name.localeCompare(b.name));
  const w = tied[0] ?? r;
  if (tied.length > 1) notes.push(`routers ${tied.map((x) => x.name).join(", ")} tie at priority ${top}: traefik's order between them is unspecified; cc-ci assumes ${w.name}`);
  if (w !== r) notes.push(`traefik sends this request to router ${w.name} (priority ${w.priority}), not ${r.name} (priority ${r.priority}); set a priority label to change that`);
  return w;
}
function shape(c) {
  return { method: c.method, scheme: c.scheme, host: c.host, path: c.target, headers: Object.fromEntries(c.headers) };
}
function outcomeFor(r, ep, client, model, opts, notes, finding) {
  if (ep === "web" && !r.tls) {
    notes.push("Co-op Cloud's traefik redirects every request on entrypoint web to web-secure (entryPoints.web.http.redirections)");
    return { kind: "redirect", middleware: "redirect-web-to-web-secure@internal", status: client.method === "GET" ? 301 : 308, location: `https://${canonicalHost(client.host)}${client.target}`, ownDomain: true };
  }
  const req = routeRequest(client);
  if (opts.path !== void 0 && !model.routes.some((x) => x.tree && !x.dropped && x.entrypoints.includes(ep) && evaluate(x.tree, req))) {
    return { kind: "unroutable", detail: `traefik answers 404: no router matches ${client.method} ${canonicalHost(client.host)}${client.target}` };
  }
  const w = winner(r, ep, req, model, notes);
  const state = initialState(client);
  const ctx2 = { middlewares: model.middlewares, traefik: model.traefik, notes };
  try {
    run2(w.middlewares, initialState(client), { ...ctx2, notes: [] }, [], true);
  } catch (e) {
    if (e instanceof RegexTimeout) throw e;
    finding({ level: "error", label: fieldKey(w.el, "middlewares", "routers"), message: `traefik refuses router ${w.name}: ${e.message}` }, w.owner.svc.name);
    return { kind: "unroutable", detail: `traefik refuses router ${w.name}: ${e.message}` };
  }
  const end = run2(w.middlewares, state, ctx2);
  if (end.kind === "redirect") return { kind: "redirect", middleware: end.middleware, status: end.status, location: end.location, ownDomain: ownDomain(end.location, opts.domain, model) };
  if (end.kind === "error") return { kind: "unroutable", detail: `traefik answers ${end.status}: ${end.detail}` };
  const t = resolveTarget(w.el, w.owner, { decoded: model.decoded, proxyNetwork: opts.proxyNetwork, networkLabel: model.traefik === "v3" ? "traefik.swarm.network" : "traefik.docker.network", notes, finding });
  if ("unroutable" in t) return { kind: "unroutable", detail: t.unroutable };
  if (!t.passHost) notes.push(`passHostHeader is false: traefik sends the task's ip:${t.port} as Host (shown as tasks.${t.service}:${t.port})`);
  const request = {
    method: state.method,
    scheme: t.scheme,
    host: t.passHost ? state.host : `tasks.${t.service}:${t.port}`,
    path: state.requestURI,
    headers: proxyHeaders(state.headers, state.clientIP)
  };
  return { kind: "forward", service: t.service, port: t.port, portDeclared: true, scheme: t.scheme, network: t.network, request, ...ctx2.auth ? { auth: ctx2.auth } : {} };
}
function label(inc, o) {
  const head = `${inc.method} ${inc.scheme}://${inc.host}${inc.path}`;
  if (o.kind === "forward") return `${head} \u2192 ${o.service}:${o.port} ${o.request.method} ${o.request.path}${o.auth ? ` (behind ${o.auth.type})` : ""}`;
  if (o.kind === "redirect") return `${head} \u2192 ${o.status} ${o.location}`;
  return `${head} \u2192 unroutable: ${o.detail}`;
}
function planRoute(r, model, opts, finding) {
  const notes = [];
  const svc = r.owner.svc.name;
  if (r.defaultRule) notes.push(`no rule label: traefik's default rule ${r.rule}`);
  const unknown = r.entrypoints.filter((e) => !DEFAULT_ENTRYPOINTS.includes(e));
  if (unknown.length) finding({ level: "warn", label: fieldKey(r.el, "entrypoints", "routers"), message: `entrypoint ${unknown.join(", ")} is not one of Co-op Cloud's (web, web-secure); use web-secure` }, svc);
  const ep = r.entrypoints.includes("web-secure") ? "web-secure" : r.entrypoints.includes("web") ? "web" : void 0;
  const scheme = ep === "web-secure" || r.tls ? "https" : "http";
  const done = (incoming, outcome) => ({ router: r.name, incoming, outcome, notes, label: label(incoming, outcome) });
  const fallback = { method: "GET", scheme, host: opts.domain, path: "/", headers: {} };
  if (r.dropped) return done(fallback, { kind: "unroutable", detail: r.dropped });
  if (!ep) return done(fallback, { kind: "unroutable", detail: `router ${r.name} has no valid entrypoint (${r.entrypoints.join(", ")})` });
  if (ep === "web-secure" && !r.tls) {
    finding({ level: "warn", label: `traefik.http.routers.${r.name}.tls.certresolver`, message: `router ${r.name} is on web-secure without tls: traefik serves it to plain HTTP on :443 only, unless the entrypoint itself sets tls; add a tls.certresolver label` }, svc);
  }
  const synthesized = synthesize(r.tree, { domain: opts.domain, scheme });
  if (!synthesized) return done(fallback, { kind: "unroutable", detail: `cc-ci found no request that rule ${r.rule} matches` });
  const client = opts.path === void 0 ? synthesized : { ...synthesized, target: opts.path };
  if (client.clientIP !== DEFAULT_CLIENT_IP) notes.push(`the rule wants client IP ${client.clientIP}; cc-ci's probe bypasses traefik, so that is assumed`);
  return done(shape(client), outcomeFor(r, ep, client, model, opts, notes, finding));
}
function planProbes(services, opts) {
  const model = buildModel(services, opts);
  const findings = [];
  const seen = /* @__PURE__ */ new Set();
  const finding = (f, service) => {
    const full = { ...f, service };
    const key = JSON.stringify(full);
    if (!seen.has(key)) {
      seen.add(key);
      findings.push(full);
    }
  };
  for (const f of model.findings) finding(f, f.service);
  const plans = model.routes.slice().sort((a, b) => a.owner.svc.name.localeCompare(b.owner.svc.name) || a.name.localeCompare(b.name)).map((r) => {
    try {
      return planRoute(r, model, opts, finding);
    } catch (e) {
      if (!(e instanceof RegexTimeout)) throw e;
      finding({ level: "error", label: `traefik.http.routers.${r.name}.rule`, message: e.message }, r.owner.svc.name);
      const incoming = { method: "GET", scheme: "https", host: opts.domain, path: "/", headers: {} };
      return { router: r.name, incoming, outcome: { kind: "unroutable", detail: e.message }, notes: [], label: `router ${r.name} \u2192 not evaluated: ${e.message}` };
    }
  });
  return { plans, findings };
}

// src/traefik/options.ts
var PROXY_NETWORK = "proxy";
function routingOptions(domain, settings = {}, path) {
  return { domain, proxyNetwork: PROXY_NETWORK, ruleSyntax: settings["rule-syntax"], traefik: settings.version, ...path === void 0 ? {} : { path } };
}

// src/backends/swarm/setup.ts
async function setupSwarm(api, opts) {
  let info;
  try {
    info = await api.get("/info");
  } catch (e) {
    if (e instanceof DockerApiError) throw new UserError(`${e.message}; start dockerd (scripts/testbed.sh does it on Debian) or set DOCKER_HOST`);
    throw e;
  }
  if (info.Swarm.LocalNodeState !== "active") {
    if (!opts.initSwarm) {
      throw new UserError("this Docker host is not a swarm manager; run `docker swarm init --advertise-addr 127.0.0.1` or set the input init-swarm: true");
    }
    await api.call("POST", "/swarm/init", { body: { ListenAddr: "127.0.0.1:2377", AdvertiseAddr: "127.0.0.1" } });
    opts.log("initialised a single-node swarm on 127.0.0.1");
  } else if (!info.Swarm.ControlAvailable) {
    throw new UserError("this Docker host is a swarm worker; cc-ci needs a manager node to deploy stacks");
  }
  const nets = await api.list("networks", { name: [PROXY_NETWORK] });
  if (!nets.some((n) => n.Name === PROXY_NETWORK)) {
    await api.call("POST", "/networks/create", { body: { Name: PROXY_NETWORK, Driver: "overlay", Attachable: true, CheckDuplicate: true } });
    opts.log(`created the attachable overlay network "${PROXY_NETWORK}"`);
  }
  await ensureHelperImage(opts.log);
}

export {
  RegexTimeout,
  boundedTest,
  planProbes,
  PROXY_NETWORK,
  routingOptions,
  HELPER_IMAGE,
  setupSwarm
};
