import worldCountries from 'world-countries';
import { normaliseName } from './names';

/**
 * The names of states, from the `world-countries` data set (mledoze/countries: ISO 3166-1
 * codes, common and official names in English and in the official languages, alternative
 * spellings and demonyms), kept as a package so that "Kingdom of the Netherlands", "Holland",
 * "NLD" and "Dutch" are known without a table of our own. The graph's own country names
 * (the seed's "Turkey" for Türkiye, say) complement them: a caller passes them where it has them.
 */

export interface CountryNames {
  /** ISO 3166-1 alpha-2, as the graph's Country.isoCode (XK for Kosovo). */
  readonly iso2: string;
  /** Normalised names a country goes by: common, official, native and alternative spellings. */
  readonly names: readonly string[];
  /** Normalised codes: alpha-2 and alpha-3. */
  readonly codes: readonly string[];
  /** Normalised English demonyms ("dutch", "turkish"), which name the state only with a word such as "government". */
  readonly demonyms: readonly string[];
}

// world-countries lists Kosovo under the user-assigned alpha-3 "UNK" (the UN's code): not a name.
const NOT_A_CODE = new Set(['unk']);

function build(): { byIso: Map<string, CountryNames>; byName: Map<string, string[]>; byCode: Map<string, string[]>; byDemonym: Map<string, string[]> } {
  const byIso = new Map<string, CountryNames>();
  const byName = new Map<string, string[]>();
  const byCode = new Map<string, string[]>();
  const byDemonym = new Map<string, string[]>();
  const index = (map: Map<string, string[]>, key: string, iso2: string) => {
    if (!key) return;
    const list = map.get(key) ?? [];
    if (!list.includes(iso2)) list.push(iso2);
    map.set(key, list);
  };
  for (const country of worldCountries) {
    const iso2 = country.cca2.toUpperCase();
    const codes = [country.cca2, country.cca3].map(normaliseName).filter((code) => code && !NOT_A_CODE.has(code));
    const spelled = [country.name.common, country.name.official, ...Object.values(country.name.native ?? {}).flatMap((n) => [n.common, n.official]), ...country.altSpellings];
    // altSpellings holds the codes too ("NL"): they are kept apart, since "NL" is not a name to fuzzy-match.
    const names = [...new Set(spelled.map(normaliseName))].filter((key) => key && !codes.includes(key));
    const demonyms = [...new Set(Object.values(country.demonyms?.eng ?? {}).map(normaliseName))].filter(Boolean);
    byIso.set(iso2, { iso2, names, codes, demonyms });
    for (const key of names) {
      index(byName, key, iso2);
      // "The Netherlands" and "Netherlands" are one name.
      if (key.startsWith('the ')) index(byName, key.slice(4), iso2);
      else index(byName, `the ${key}`, iso2);
    }
    for (const code of codes) index(byCode, code, iso2);
    for (const demonym of demonyms) index(byDemonym, demonym, iso2);
  }
  return { byIso, byName, byCode, byDemonym };
}

const DATA = build();

/** The names of the country with ISO alpha-2 code `iso2`, or null for a code the data set does not hold. */
export function countryNames(iso2: string): CountryNames | null {
  return DATA.byIso.get(iso2.toUpperCase()) ?? null;
}

/** The countries (alpha-2) that a normalised key names by a name or spelling: "holland" -> NL. */
export function countriesNamed(key: string): readonly string[] {
  return DATA.byName.get(key) ?? [];
}

/** The countries whose alpha-2 or alpha-3 code is the normalised key: "nld" -> NL. */
export function countriesCoded(key: string): readonly string[] {
  return DATA.byCode.get(key) ?? [];
}

/** The countries whose English demonym is the normalised key: "dutch" -> NL. */
export function countriesOfDemonym(key: string): readonly string[] {
  return DATA.byDemonym.get(key) ?? [];
}

/**
 * The words that make a country's name the name of its government: "Government of the
 * Netherlands", "Dutch government", "Turkish Govt". Only these few English words: the state's
 * own designations (kingdom, republic, confederation) come from the official names above.
 */
export const GOVERNMENT_WORDS: readonly string[] = ['government', 'govt', 'gov'];

/**
 * How a normalised name may designate a state: the country phrase left when the government
 * words are taken away ("government of the netherlands" -> "netherlands"; "dutch government" ->
 * "dutch", a demonym), with whether a government word was there. The phrase is not checked
 * here: a caller looks it up in the data set (countriesNamed, countriesOfDemonym) and in the
 * graph's own country names.
 */
export function stateDesignations(key: string): Array<{ phrase: string; government: boolean }> {
  const out: Array<{ phrase: string; government: boolean }> = [{ phrase: stripThe(key), government: false }];
  const words = key.split(' ');
  const first = words[0] ?? '';
  const last = words[words.length - 1] ?? '';
  if (GOVERNMENT_WORDS.includes(first) && words[1] === 'of') out.push({ phrase: stripThe(words.slice(2).join(' ')), government: true });
  if (first === 'the' && GOVERNMENT_WORDS.includes(words[1] ?? '') && words[2] === 'of') out.push({ phrase: stripThe(words.slice(3).join(' ')), government: true });
  if (GOVERNMENT_WORDS.includes(last) && words.length > 1) {
    // "the Netherlands' government" and "Netherlands government" alike ("s" is what an apostrophe leaves).
    const before = words.slice(0, -1);
    if (before[before.length - 1] === 's' && before.length > 1) before.pop();
    out.push({ phrase: stripThe(before.join(' ')), government: true });
  }
  return out.filter((d) => d.phrase !== '');
}

function stripThe(phrase: string): string {
  return phrase.startsWith('the ') ? phrase.slice(4) : phrase;
}

/**
 * The countries a normalised phrase designates through the data set: by a name or spelling,
 * by a code (only as the whole phrase), and by a demonym when a government word was given.
 */
export function countriesDesignated(phrase: string, government: boolean): readonly string[] {
  const found = new Set<string>([...countriesNamed(phrase), ...countriesCoded(phrase)]);
  if (government) for (const iso2 of countriesOfDemonym(phrase)) found.add(iso2);
  return [...found];
}

/**
 * The countries mentioned anywhere in a normalised name, by a name or a demonym of at least
 * four letters appearing as whole words ("turkish ministry of interior" -> TR; "ministry of
 * interior of kosovo" -> XK). Codes are left out: "in", "no" and "it" are words too.
 */
export function countriesMentioned(key: string, extra: ReadonlyMap<string, string> = new Map()): Set<string> {
  const words = key.split(' ').filter(Boolean);
  const found = new Set<string>();
  // Country names run to a few words ("united kingdom of great britain and northern ireland").
  for (let start = 0; start < words.length; start++) {
    for (let end = Math.min(words.length, start + 8); end > start; end--) {
      const phrase = words.slice(start, end).join(' ');
      if (phrase.length < 4) continue;
      const iso = [...countriesNamed(phrase), ...countriesOfDemonym(phrase)];
      const own = extra.get(phrase);
      if (own) iso.push(own);
      for (const code of iso) found.add(code);
    }
  }
  return found;
}
