import { UserError } from './errors';
import { OP_NAMES, OpName } from '../report/schema';

/** `install,upgrade` or `install upgrade`; shared by the CLI flag and the action input. */
export function parseOps(list: string, source: string): OpName[] {
  const names = list.split(/[\s,]+/).filter(Boolean);
  if (names.length === 0) throw new UserError(`${source} is empty; give one or more of ${OP_NAMES.join(', ')}`);
  return names.map((n) => {
    const op = OpName.safeParse(n);
    if (!op.success) throw new UserError(`${source}: unknown op "${n}"; use ${OP_NAMES.join(', ')}`);
    return op.data;
  });
}
