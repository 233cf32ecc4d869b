/**
 * Words that make a text be about warranty (en, es, ar, and zh for agents' summaries). Where a
 * model writes for people — ticket summaries, grounded FAQ answers — such text is never taken from
 * the model: warranty comes from the warranty engine and the vendor's written policies only.
 */
export const WARRANTY_WORDS = /warrant|guarant|garant|\bcover(?:ed|age)\b|cobertura|cubiert|ضمان|كفال|مكفول|保修|质保|保固|保障/i;
