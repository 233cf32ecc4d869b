/**
 * Which of the FAQ's own tokens a message token counts as: itself, tokens that share a prefix
 * with it (stemmers leave "perdio"/"perdimos", "rechaza"/"rechazadas" on different stems), and in
 * the typo-tolerant pass, tokens one edit away. Also how informative each token is (rare across
 * topics = informative). Results are cached: messages reuse the same few hundred words.
 */
export interface TokenRelatives {
  /** log(1 + topics / topics containing it); an unknown word weighs like a fairly specific one. */
  information(token: string): number;
  /** Generic words (time, price, booking, "work"...) never decide a match on their own. */
  isGeneric(token: string): boolean;
  of(token: string, fuzzy: boolean): ReadonlySet<string>;
}

const MIN_PREFIX = 5;
/** One-edit (typo) matching only between words this long: on shorter stems one edit is another word. */
const MIN_FUZZY = 5;
const UNKNOWN_SHARE = 0.75;
/** A generic word the FAQ uses weighs this share of its information (an unknown one weighs in full). */
const GENERIC_SHARE = 0.4;
const CACHE_LIMIT = 20_000;

/** True when `a` and `b` differ by at most one insertion, deletion or substitution. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i += 1;
      j += 1;
      continue;
    }
    edits += 1;
    if (edits > 1) return false;
    if (a.length > b.length) i += 1;
    else if (b.length > a.length) j += 1;
    else {
      i += 1;
      j += 1;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** At most this many letters may follow the shared prefix: "cerr" (cerrada) is not "cerradur" (cerradura). */
const MAX_PREFIX_TAIL = 3;

function prefixRelated(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > MAX_PREFIX_TAIL) return false;
  return (b.length >= MIN_PREFIX && a.startsWith(b)) || (a.length >= MIN_PREFIX && b.startsWith(a));
}

export function createTokenRelatives(documentFrequency: ReadonlyMap<string, number>, topicCount: number, generic: ReadonlySet<string> = new Set()): TokenRelatives {
  const vocabulary = [...documentFrequency.keys()];
  const maximum = Math.log(1 + topicCount);
  const exactCache = new Map<string, ReadonlySet<string>>();
  const fuzzyCache = new Map<string, ReadonlySet<string>>();

  const remember = (cache: Map<string, ReadonlySet<string>>, token: string, value: ReadonlySet<string>) => {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(token, value);
    return value;
  };

  return {
    information(token) {
      const frequency = documentFrequency.get(token) ?? 0;
      if (frequency === 0) return maximum * UNKNOWN_SHARE;
      return Math.log(1 + topicCount / frequency) * (generic.has(token) ? GENERIC_SHARE : 1);
    },
    isGeneric: (token) => generic.has(token),
    of(token, fuzzy) {
      const cache = fuzzy ? fuzzyCache : exactCache;
      const cached = cache.get(token);
      if (cached) return cached;
      const related = new Set<string>([token]);
      for (const word of vocabulary) {
        if (prefixRelated(token, word)) related.add(word);
        else if (fuzzy && token.length >= MIN_FUZZY && word.length >= MIN_FUZZY && withinOneEdit(token, word)) related.add(word);
      }
      return remember(cache, token, related);
    },
  };
}
