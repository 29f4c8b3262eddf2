import { BosunError } from '../base/index.js';

export type TemplateOutcome =
  | { ok: true; output: Buffer }
  | { ok: false; message: string; backtrace: string };

const WORD = /^([+-])((?:[ub]\d+)+)$/;
const PART = /([ub])(\d+)/g;

/**
 * Reads what `Bosun::Host.render_job` returns (bosun_host.rb, `answer`): a line with a word
 * per template, `+<output>` or `-<message><backtrace>`, each string as `u<bytes>` (UTF-8) or
 * `b<bytes>` (base64), then the strings' bytes one after the other. The whole answer is
 * valid UTF-8, so encoding the text after the line gives back those bytes exactly.
 */
export function readAnswer(answer: string): TemplateOutcome[] {
  const newline = answer.indexOf('\n');
  if (newline < 0) throw new BosunError('RENDERER_PROTOCOL', 'unexpected answer from the Ruby renderer: no header');
  const words = answer.slice(0, newline).split(' ').filter((w) => w !== '');
  const body = Buffer.from(answer.slice(newline + 1), 'utf8');
  let offset = 0;
  const next = (kind: string, length: number): Buffer => {
    const bytes = body.subarray(offset, offset + length);
    offset += length;
    return kind === 'u' ? bytes : Buffer.from(bytes.toString('latin1'), 'base64');
  };
  const outcomes = words.map((word): TemplateOutcome => {
    const match = WORD.exec(word);
    const parts = [...(match?.[2] ?? '').matchAll(PART)].map((p) => next(p[1] ?? '', Number(p[2])));
    const [first, second] = parts;
    if (match?.[1] === '+' && parts.length === 1 && first !== undefined) return { ok: true, output: first };
    if (match?.[1] === '-' && parts.length === 2 && first !== undefined && second !== undefined) {
      return { ok: false, message: first.toString('utf8'), backtrace: second.toString('utf8') };
    }
    throw new BosunError('RENDERER_PROTOCOL', `unexpected answer from the Ruby renderer: '${word}'`);
  });
  if (offset !== body.length) {
    throw new BosunError('RENDERER_PROTOCOL', 'unexpected answer from the Ruby renderer: lengths do not add up');
  }
  return outcomes;
}
