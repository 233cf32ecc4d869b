/**
 * Directional isolation for Arabic text. A Latin run inside right-to-left text — a serial with
 * brackets such as `RF200-2402-00231 (RF-200)`, a phone number `+86-159-9999-7999`, a ticket id,
 * an e-mail address — is reordered by the Unicode bidi algorithm: brackets flip, "+" jumps to the
 * end. Wrapping the run in LRI…PDI (left-to-right isolate) and every interpolated value in
 * FSI…PDI (first-strong isolate: an Arabic hotel name stays right-to-left) keeps each in place.
 * Idempotent: text already inside an isolate is left alone.
 */
export const LRI = '\u2066';
export const FSI = '\u2068';
export const PDI = '\u2069';

const ISOLATE = /[\u2066-\u2068][^\u2066-\u2069]*\u2069/gu;
const RUN = /[\p{Script=Latin}\d+@#([][\p{Script=Latin}\d +\-_.@/:#()[\]&'’]*/gu;
const NEEDS_ISOLATION = /[\p{Script=Latin}+@]|\d[-/:.]\d/u;
const TRAILING = /[\s.,:;\-'’]+$/u;

/** Drop brackets the run does not close (or open): "(مثلاً RF200)" must not take the ")". */
function balance(run: string): string {
  let text = run;
  for (let changed = true; changed; ) {
    changed = false;
    const trimmed = text.replace(TRAILING, '');
    if (trimmed !== text) [text, changed] = [trimmed, true];
    for (const [open, close] of [['(', ')'], ['[', ']']] as const) {
      const opens = text.split(open).length - 1;
      const closes = text.split(close).length - 1;
      if (closes > opens && text.endsWith(close)) [text, changed] = [text.slice(0, -1), true];
      if (opens > closes && text.startsWith(open)) return open + balance(text.slice(1));
    }
  }
  return text;
}

function isolateSegment(segment: string): string {
  return segment.replace(RUN, (match) => {
    let lead = '';
    let run = balance(match);
    while (run.startsWith('(') || run.startsWith('[')) {
      const close = run[0] === '(' ? ')' : ']';
      if (run.split(run[0]!).length - 1 <= run.split(close).length - 1) break;
      lead += run[0];
      run = run.slice(1);
    }
    if (!run || !NEEDS_ISOLATION.test(run)) return match;
    return `${lead}${LRI}${run}${PDI}${match.slice(lead.length + run.length)}`;
  });
}

/** Wrap every Latin run of an Arabic text in LRI…PDI, leaving text already isolated alone. */
export function isolateLatinRuns(text: string): string {
  let out = '';
  let last = 0;
  for (const isolated of text.matchAll(ISOLATE)) {
    out += isolateSegment(text.slice(last, isolated.index)) + isolated[0];
    last = isolated.index + isolated[0].length;
  }
  return out + isolateSegment(text.slice(last));
}

/** An interpolated value, isolated by its own first strong character. */
export function isolateValue(value: string): string {
  if (!value || (value.startsWith(FSI) && value.endsWith(PDI))) return value;
  return `${FSI}${value}${PDI}`;
}

/** Remove every isolate mark (for matching typed text against shown text). */
export function stripIsolates(text: string): string {
  return text.replace(/[\u2066-\u2069]/gu, '');
}
