/**
 * A short-syntax volume (`source:target[:options]`) as docker/cli reads it (internal/volumespec
 * Parse): a one-letter section before a `:` is a Windows drive and stays in the section, so
 * `c:x:/host` binds the path `c:x`, not the volume `c`. A source is a host path when it starts
 * with `.`, `/`, `~`, `\\` or a drive letter.
 */
export interface VolumeSpec {
  source: string;
  target: string;
  type: 'bind' | 'volume';
}

export function parseVolumeSpec(spec: string): VolumeSpec {
  const chars = [...spec];
  if (chars.length <= 2) return { source: '', target: spec, type: 'volume' };
  const sections: string[] = [];
  let buffer: string[] = [];
  for (const c of [...chars, '']) {
    if (c === ':' && isDriveLetter(buffer)) buffer.push(c);
    else if (c === ':' || c === '') {
      sections.push(buffer.join(''));
      buffer = [];
    } else buffer.push(c);
  }
  const [first = '', second] = sections;
  const source = second === undefined ? '' : first;
  const target = second === undefined ? first : second;
  return { source, target, type: source && isFilePath(source) ? 'bind' : 'volume' };
}

const isDriveLetter = (buffer: string[]) => buffer.length === 1 && /^\p{L}$/u.test(buffer[0]!);

function isFilePath(source: string): boolean {
  if ('./~'.includes(source[0]!)) return true;
  const chars = [...source];
  if (chars.length === 1) return false;
  return source.startsWith('\\\\') || (chars[1] === ':' && isDriveLetter([chars[0]!]));
}
