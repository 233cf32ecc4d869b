/**
 * Messages clearly written in a language LockCare does not speak (French, Portuguese, German,
 * Italian, Chinese, Japanese, Korean, Russian, …), so they are neither read as Spanish or English
 * nor answered with topic suggestions, but told which languages are supported.
 *
 * Latin-script languages are scored on words and letters that are neither Spanish nor English
 * ("je", "serrure", "não", "fechadura", "nicht", "schloss", "serratura", "ç", "ß"); other scripts
 * (Han, kana, Hangul, Cyrillic, Greek, Hebrew, Thai, Devanagari) count when they are most of the
 * message's letters.
 */
const OTHER_WORDS = new Set(
  (
    // French
    'je vous nous est une pas mon ma avec bonjour bonsoir merci serrure carte chambre oui ne fonctionne marche ça très ' +
    'où aussi mais dans au aux il elle ils qui quoi pourquoi quand ai avez suis sommes êtes clé plait plaît voudrais ' +
    'veux besoin rouge lumière ouvre ouvrir fermer ferme garantie problème peux peut ' +
    // Portuguese
    'não nao obrigado obrigada olá você voce fechadura cartão cartao quarto minha meu uma são sao tenho ajuda porta ' +
    'vermelha vermelho chave pilhas também tambem quero posso pode isso ele ela bom boa ' +
    // German
    'ich nicht und der ist mein meine schloss tür tuer karte funktioniert hallo danke bitte zimmer geht kein keine ' +
    'ein eine mit auf sie wir haben habe nur noch auch aber wie warum wo gast grün gruen licht öffnet offen hilfe ' +
    'guten morgen abend schlüssel sehr kann brauche ' +
    // Italian
    'ciao grazie buongiorno buonasera serratura chiave scheda non della sono che perché aiuto batteria rossa luce apre ' +
    'garanzia vorrei voglio ho abbiamo anche questo questa albergo prego'
  ).split(' '),
);

/** Greetings that are evidence enough on their own ("Bonjour", "Olá", "Guten Tag", "Ciao"). */
const OTHER_GREETINGS = new Set('bonjour bonsoir salut olá guten servus ciao buongiorno buonasera'.split(' '));

/** French elisions: "j'ai", "l'ouvre", "c'est", "qu'il", "n'ouvre", "s'il". */
const ELISION = /^(?:j|l|c|d|n|s|qu)'\p{L}/u;

/** Letters of French, Portuguese, German and Italian that Spanish and English do not use. */
const OTHER_LETTERS = /[çãõêâîôûëïœèàùßäöòì]/i;

/** Han, kana, Hangul, Cyrillic, Greek, Hebrew, Thai, Devanagari. */
const OTHER_SCRIPT = /[\u4E00-\u9FFF\u3400-\u4DBF\u3040-\u30FF\uAC00-\uD7AF\u1100-\u11FF\u0400-\u04FF\u0370-\u03FF\u0590-\u05FF\u0E00-\u0E7F\u0900-\u097F]/gu;
const ANY_LETTER = /\p{L}/gu;

/** Whether most of the message's letters are in a script LockCare does not read (Chinese, Russian, …). */
export function isOtherScript(text: string): boolean {
  const other = text.match(OTHER_SCRIPT)?.length ?? 0;
  const letters = text.match(ANY_LETTER)?.length ?? 0;
  return other > 0 && other * 2 >= letters;
}

/** How strongly a Latin-script message reads as French, Portuguese, German or Italian (0 = not at all). */
export function otherLanguageEvidence(text: string): number {
  let evidence = 0;
  for (const word of text.toLowerCase().match(/[\p{L}']+/gu) ?? []) {
    if (OTHER_GREETINGS.has(word)) evidence += 2;
    else if (OTHER_WORDS.has(word) || ELISION.test(word) || OTHER_LETTERS.test(word)) evidence += 1;
  }
  return evidence;
}
