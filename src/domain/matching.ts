import { distance } from 'fastest-levenshtein';
import { countriesDesignated, countriesMentioned, countryNames, stateDesignations } from './countryNames';
import { normaliseName } from './names';

/**
 * Matching a name as people type it to the entities of the graph: the pure scoring behind
 * every place a name is given (filters, lookups by name, `match`, and `/reconcile` after it),
 * after yente's scoring module: a candidate is scored by the first rule, in this order, that
 * it satisfies, and the rule and the name that matched are kept as the reason.
 *
 *   1. ID         the text is the entity's id                         "org:dgmm"
 *   2. NAME, ACRONYM, ALIAS, CODE  a name of the entity, normalised (case, diacritics,
 *                 punctuation, dotless i, quotes and dashes, look-alike letters: names.ts)
 *                                                                      "dgmm", "Göç İdaresi Genel Müdürlüğü"
 *   3. STATE      a name of a state or of its government, from the world-countries data and
 *                 the graph's country names: the country, or the organisation that stands for
 *                 the state (a government body with no parent whose own name names its country)
 *                                                                      "the Netherlands", "Dutch government"
 *   4. QUALIFIED  a name of the entity qualified by its country or by a body it is part of
 *                 ("Ministry of Interior of Türkiye", "Turkish Ministry of Interior"), or the
 *                 entity's name without such a qualifier ("Foreigners Department" for
 *                 "Foreigners Department (DGMM)")
 *   5. FUZZY      the words of a name, in any order, with typos, ignoring "of", "for", "the"
 *                 and hyphens, at a similarity of at least FUZZY_THRESHOLD  "Nethrlands"
 *
 * Lineage (SUCCEEDED_BY) and hierarchy (PART_OF) come after: several bodies that bear one name
 * and are one lineage or a unit and its parent resolve to one of them instead of being
 * ambiguous (decide), and filters then include the renamed bodies and the units (the caller).
 * A name that mentions a country never matches, by QUALIFIED or FUZZY, an entity of another
 * country: the Ministry of Interior of Kosovo is not Türkiye's.
 *
 * An ambiguous alias (an acronym other bodies in the field share: GCC, PDMM) finds its entity
 * but never resolves alone: `decide` answers AMBIGUOUS with the candidates and the reason.
 * Qualified by the entity's country or parent ("GCC Türkiye") it resolves by QUALIFIED.
 */

export type MatchRule = 'ID' | 'NAME' | 'ACRONYM' | 'ALIAS' | 'CODE' | 'STATE' | 'QUALIFIED' | 'FUZZY';

/** The order of the rules: a match by an earlier rule always wins over one by a later rule. */
export const RULE_ORDER: readonly MatchRule[] = ['ID', 'NAME', 'ACRONYM', 'ALIAS', 'CODE', 'STATE', 'QUALIFIED', 'FUZZY'];

/** The rank of a rule among the tiers of `decide`: exact matches (ID to CODE) are one tier. */
function tierOf(rule: MatchRule): number {
  switch (rule) {
    case 'ID':
    case 'NAME':
    case 'ACRONYM':
    case 'ALIAS':
    case 'CODE':
      return 0;
    case 'STATE':
      return 1;
    case 'QUALIFIED':
      return 2;
    case 'FUZZY':
      return 3;
  }
}

/** The scores the rules give; a fuzzy match scores its similarity times FUZZY_WEIGHT, below any QUALIFIED. */
export const RULE_SCORES = { exact: 1, STATE: 0.98, QUALIFIED: 0.95, SHORT_FORM: 0.92 } as const;
const FUZZY_WEIGHT = 0.94;

/**
 * The similarity (fuzzySimilarity) at which two names are taken for the same, calibrated on
 * the pairs of test/unit/matchingCalibration.ts, written from the seed's names: the lowest
 * positive pair (typos, word order, "of"/"for", hyphens, joined words) scores 0.845 ("Unted
 * Natons"), the highest negative pair whose words all find a partner 0.778 ("Austria",
 * "Australia"; sibling departments and ministries leave a word unpaired and cannot match at
 * all). The threshold sits between them; the unit test fails if a pair lands on the wrong side.
 */
export const FUZZY_THRESHOLD = 0.82;

/** Candidates below the threshold but at least this similar are offered as suggestions. */
export const SUGGESTION_FLOOR = 0.45;

/** Two fuzzy matches this close in score are ambiguous. */
export const AMBIGUITY_MARGIN = 0.02;

/** Words that do not tell names apart: "Directorate General of ..." and "... for ..." are one name. */
const STOP_WORDS = new Set(['of', 'for', 'the', 'and', 'on', 'in', 'to', 'at', 'by', 'a', 'an', 's']);

/** A candidate as the matcher needs it: its names, its country and the bodies it is part of. */
export interface MatchCandidateNames {
  id: string;
  /** The entity label (Organisation, Country, ...). */
  label: string;
  name: string;
  acronym: string | null;
  aliases: readonly string[];
  /**
   * Names other bodies in the field share (GCC, PDMM, an earlier phase's acronym): the
   * entity is found by them, but one alone never resolves to it (see `decide`).
   */
  ambiguousAliases?: readonly string[];
  /** A country's own ISO code. */
  isoCode: string | null;
  /** The country the entity belongs to (for a country, itself), with the graph's names for it. */
  country: { iso: string; names: readonly string[] } | null;
  /** The organisations it is part of (PART_OF, nearest first), with their names. */
  ancestors: ReadonlyArray<{ id: string; names: readonly string[] }>;
  /** Renamed predecessors and successors (SUCCEEDED_BY, either way). */
  lineage: readonly string[];
  /** Ids of entities merged into this one (their redirects lead here): the ID rule matches them too. */
  redirectedFrom?: readonly string[];
}

export interface MatchReason {
  rule: MatchRule;
  /** The name, acronym, alias or id of the entity that matched (for STATE, the state's name). */
  matchedName: string;
  /** What else the rule used: the qualifier, the similarity. */
  detail: string | null;
}

export interface ScoredCandidate {
  id: string;
  score: number;
  /** Whether the candidate matches (any rule; FUZZY at or above the threshold), or is only a suggestion. */
  matches: boolean;
  rule: MatchRule;
  matchedName: string;
  reasons: MatchReason[];
  /** Why the match cannot stand alone: it matched only by an ambiguous alias. */
  ambiguous?: string;
}

/** The content words of a normalised name. */
function contentWords(key: string): string[] {
  const words = key.split(' ').filter(Boolean);
  const content = words.filter((w) => !STOP_WORDS.has(w));
  return content.length > 0 ? content : words;
}

const DIGIT = /\d/;

/**
 * Similarity of two words: 1 - edit distance / length. Words of three letters or fewer, and
 * words with digits, must be equal: "EU" is not "EC", and Law No. 6458 is not Law No. 6459.
 */
function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (Math.min(a.length, b.length) <= 3 || DIGIT.test(a) || DIGIT.test(b)) return 0;
  return 1 - distance(a, b) / Math.max(a.length, b.length);
}

/**
 * A word pair counts as a typo of one another from this similarity: "management"/"managment"
 * 0.9, "centre"/"center" 0.67 (a transposition is two edits).
 */
const WORD_PARTNER = 0.65;

/**
 * Two names whose words, run together, differ this little are one name written with words
 * split or joined ("Coastguard", "Coast Guard"); near-equal only, since two long names that
 * differ in one short word ("... Ministry of Labour", "... Ministry of Health") run together
 * alike too.
 */
const JOINED_SIMILARITY = 0.95;

function digitsOf(words: readonly string[]): string {
  return words.filter((w) => DIGIT.test(w)).sort().join(' ');
}

/**
 * How alike two names are, from 0 to 1, whatever the order of their words: each content word
 * is paired with its most similar partner (greedily, best pairs first, each word used once),
 * and the sum of the pairs' similarities counts against all the words of both (Dice). A name
 * in which some word finds no partner scores, but cannot match (`covered` is false): "EU
 * Coordination Department (Ministry of Labour)" is not the one of the Ministry of Health.
 */
export function fuzzySimilarity(a: string, b: string): { score: number; covered: boolean } {
  const wa = contentWords(normaliseName(a));
  const wb = contentWords(normaliseName(b));
  if (wa.length === 0 || wb.length === 0) return { score: 0, covered: false };
  const pairs: Array<{ i: number; j: number; s: number }> = [];
  for (let i = 0; i < wa.length; i++) {
    for (let j = 0; j < wb.length; j++) {
      const s = wordSimilarity(wa[i] as string, wb[j] as string);
      if (s >= WORD_PARTNER) pairs.push({ i, j, s });
    }
  }
  pairs.sort((x, y) => y.s - x.s);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let total = 0;
  for (const { i, j, s } of pairs) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
    total += s;
  }
  const byWords = { score: (2 * total) / (wa.length + wb.length), covered: usedA.size === wa.length && usedB.size === wb.length };
  if (digitsOf(wa) !== digitsOf(wb)) return { score: byWords.score, covered: false };
  const ja = wa.join('');
  const jb = wb.join('');
  const joined = 1 - distance(ja, jb) / Math.max(ja.length, jb.length);
  return joined >= JOINED_SIMILARITY && joined > byWords.score ? { score: joined, covered: true } : byWords;
}

/** The names of a candidate with the rule each stands for. */
function ownNames(c: MatchCandidateNames): Array<{ text: string; key: string; rule: MatchRule; ambiguous: boolean }> {
  const names: Array<{ text: string; rule: MatchRule; ambiguous: boolean }> = [{ text: c.name, rule: 'NAME', ambiguous: false }];
  if (c.acronym) names.push({ text: c.acronym, rule: 'ACRONYM', ambiguous: false });
  for (const alias of c.aliases) names.push({ text: alias, rule: 'ALIAS', ambiguous: false });
  // After the others, so that a name that is also an unambiguous one matches as that.
  for (const alias of c.ambiguousAliases ?? []) names.push({ text: alias, rule: 'ALIAS', ambiguous: true });
  if (c.isoCode) names.push({ text: c.isoCode, rule: 'CODE', ambiguous: false });
  return names.map((n) => ({ ...n, key: normaliseName(n.text) })).filter((n) => n.key !== '');
}

/** What a match by an ambiguous alias says of itself. */
function ambiguityReason(alias: string): string {
  return `"${alias}" is an ambiguous alias: other bodies in the field share it, so it never resolves alone; give the full name, or qualify it by its country or parent body`;
}

/** Every key a country goes by: the data set's names, codes and the graph's own names. */
function countryKeys(country: { iso: string; names: readonly string[] }): Set<string> {
  const data = countryNames(country.iso);
  const keys = new Set<string>([...(data?.names ?? []), ...(data?.codes ?? []), ...country.names.map(normaliseName)]);
  for (const key of [...keys]) if (key.startsWith('the ')) keys.add(key.slice(4));
  return keys;
}

/** Whether a normalised phrase names the country (data set or graph), demonyms only with a government word. */
function namesCountry(phrase: string, government: boolean, country: { iso: string; names: readonly string[] }, keys: Set<string>): boolean {
  if (keys.has(phrase)) return true;
  return countriesDesignated(phrase, government).includes(country.iso.toUpperCase());
}

/** The state's name the query designates `country` by, or null. */
function stateNameFor(key: string, country: { iso: string; names: readonly string[] }, keys: Set<string>): string | null {
  for (const { phrase, government } of stateDesignations(key)) {
    if (namesCountry(phrase, government, country, keys)) return phrase;
  }
  return null;
}

/**
 * Whether an organisation stands for its state: no parent, and one of its own names is a
 * name of its country or of that country's government ("Kingdom of the Netherlands",
 * "Government of Turkey"), so that "the Netherlands" as a donor is the Dutch government.
 */
export function standsForState(c: MatchCandidateNames): boolean {
  if (c.label !== 'Organisation' || !c.country || c.ancestors.length > 0) return false;
  const keys = countryKeys(c.country);
  return ownNames(c).some((n) => stateNameFor(n.key, c.country as { iso: string; names: readonly string[] }, keys) !== null);
}

/** The state names fuzzy matching may compare a state's entity with ("netherlands", "dutch government"). */
function stateNames(c: MatchCandidateNames): string[] {
  if (!c.country || !(c.label === 'Country' || standsForState(c))) return [];
  const data = countryNames(c.country.iso);
  const names = [...(data?.names ?? []), ...c.country.names.map(normaliseName)];
  const governments = [...names.map((n) => `government of ${n}`), ...(data?.demonyms ?? []).map((d) => `${d} government`)];
  return [...new Set([...names, ...(c.label === 'Organisation' ? governments : [])])];
}

/** The ways a normalised name splits into a core and a qualifier: "a of b", "a b", "b a". */
function splits(key: string): Array<{ core: string; qualifier: string }> {
  const words = key.split(' ').filter(Boolean);
  const out: Array<{ core: string; qualifier: string }> = [];
  for (let i = 1; i < words.length; i++) {
    const head = words.slice(0, i);
    const tail = words.slice(i);
    out.push({ core: head.join(' '), qualifier: tail.join(' ') });
    out.push({ core: tail.join(' '), qualifier: head.join(' ') });
    // "Ministry of Interior of the Republic of Türkiye": the qualifier after "of" or "of the".
    if (tail[0] === 'of' || tail[0] === 'for') {
      const rest = tail.slice(tail[1] === 'the' ? 2 : 1);
      if (rest.length > 0) out.push({ core: head.join(' '), qualifier: rest.join(' ') });
    }
  }
  return out.map((s) => ({ core: s.core.replace(/^the /, ''), qualifier: s.qualifier.replace(/^the /, '') })).filter((s) => s.core && s.qualifier);
}

/**
 * The keys under which the candidates of a name are looked up exactly, before any fuzzy
 * search: the name itself, the country phrases it may designate a state by, and the cores
 * it may be a qualified name of.
 */
export function exactLookupKeys(query: string): string[] {
  const key = normaliseName(query);
  if (!key) return [];
  const keys = new Set<string>([key]);
  for (const { phrase } of stateDesignations(key)) keys.add(phrase);
  for (const { core } of splits(key)) keys.add(core);
  return [...keys];
}

/** The ISO codes of the states a name may designate, by the data set alone (the graph adds its own names). */
export function designatedCountries(query: string): string[] {
  const key = normaliseName(query);
  const found = new Set<string>();
  for (const { phrase, government } of stateDesignations(key)) for (const iso of countriesDesignated(phrase, government)) found.add(iso);
  return [...found];
}

/** Whether the countries a name mentions rule the candidate out: it mentions some, and none is the candidate's. */
function countryConflict(queryKey: string, c: MatchCandidateNames, matchedKey: string): boolean {
  const extra = new Map<string, string>();
  if (c.country) for (const name of c.country.names) extra.set(normaliseName(name), c.country.iso);
  const mentioned = countriesMentioned(queryKey, extra);
  if (mentioned.size === 0) return false;
  const own = countriesMentioned(matchedKey, extra);
  if (c.country) own.add(c.country.iso.toUpperCase());
  for (const iso of mentioned) if (own.has(iso)) return false;
  return true;
}

/** Whether `qualifier` names the candidate's country or one of the bodies it is part of. */
function qualifierFits(qualifier: string, c: MatchCandidateNames, countryKeySet: Set<string> | null): string | null {
  if (c.country && countryKeySet) {
    for (const { phrase, government } of [{ phrase: qualifier, government: true }, ...stateDesignations(qualifier)]) {
      if (namesCountry(phrase, government, c.country, countryKeySet)) return `country ${phrase}`;
    }
  }
  for (const ancestor of c.ancestors) {
    if (ancestor.names.some((n) => normaliseName(n) === qualifier)) return `part of ${qualifier}`;
  }
  return null;
}

/**
 * Scores one candidate for the name `query`: the first rule (in RULE_ORDER) it satisfies, or
 * its best fuzzy similarity, which may fall short of a match and only make it a suggestion.
 */
export function scoreCandidate(query: string, c: MatchCandidateNames): ScoredCandidate {
  const key = normaliseName(query);
  const names = ownNames(c);
  const result = (rule: MatchRule, score: number, matchedName: string, detail: string | null, matches = true): ScoredCandidate => ({
    id: c.id,
    score: Math.round(score * 1000) / 1000,
    matches,
    rule,
    matchedName,
    reasons: [{ rule, matchedName, detail }],
  });

  if (query.trim() === c.id) return result('ID', RULE_SCORES.exact, c.id, null);
  // The id of an entity merged into this one: the same entity, under the id it had.
  if (c.redirectedFrom?.includes(query.trim())) return result('ID', RULE_SCORES.exact, query.trim(), `merged into ${c.id}`);
  if (key) {
    for (const rule of ['NAME', 'ACRONYM', 'ALIAS', 'CODE'] as const) {
      const hit = names.find((n) => n.rule === rule && n.key === key);
      if (hit && hit.ambiguous) {
        const reason = ambiguityReason(hit.text);
        return { ...result(rule, RULE_SCORES.exact, hit.text, reason), ambiguous: reason };
      }
      if (hit) return result(rule, RULE_SCORES.exact, hit.text, null);
    }
  }
  if (!key) return result('FUZZY', 0, c.name, null, false);

  const keys = c.country ? countryKeys(c.country) : null;
  if (c.country && keys && (c.label === 'Country' || standsForState(c))) {
    const phrase = stateNameFor(key, c.country, keys);
    if (phrase) return result('STATE', RULE_SCORES.STATE, c.name, `names the state ${c.country.iso.toUpperCase()} ("${phrase}")`);
  }

  for (const { core, qualifier } of splits(key)) {
    const hit = names.find((n) => n.key === core);
    if (!hit) continue;
    const fits = qualifierFits(qualifier, c, keys);
    if (fits) return result('QUALIFIED', RULE_SCORES.QUALIFIED, hit.text, fits);
  }
  // The entity's own name without its qualifier: "Foreigners Department" for "Foreigners Department (DGMM)".
  for (const n of names) {
    for (const { core, qualifier } of splits(n.key)) {
      if (core !== key) continue;
      const fits = qualifierFits(qualifier, c, keys);
      if (fits && !countryConflict(key, c, n.key)) return result('QUALIFIED', RULE_SCORES.SHORT_FORM, n.text, `without "${qualifier}" (${fits})`);
    }
  }

  let best: { score: number; covered: boolean; text: string } = { score: 0, covered: false, text: c.name };
  // An ambiguous alias does not match by a near spelling either.
  const fuzzyNames = [...names.filter((n) => !n.ambiguous).map((n) => ({ text: n.text, key: n.key })), ...stateNames(c).map((s) => ({ text: s, key: s }))];
  for (const n of fuzzyNames) {
    if (countryConflict(key, c, n.key)) continue;
    const similarity = fuzzySimilarity(key, n.key);
    if (similarity.score > best.score || (similarity.score === best.score && similarity.covered && !best.covered)) best = { ...similarity, text: n.text };
  }
  const matches = best.covered && best.score >= FUZZY_THRESHOLD;
  return result('FUZZY', best.score * FUZZY_WEIGHT, best.text, `similarity ${best.score.toFixed(3)}`, matches);
}

export type MatchDecision =
  | { kind: 'RESOLVED'; best: ScoredCandidate; collapsed: string[] }
  | { kind: 'AMBIGUOUS'; candidates: ScoredCandidate[] }
  | { kind: 'NOT_FOUND'; suggestions: ScoredCandidate[] };

/** The scored candidates best first: by score, then by the rule's order, then by id. */
export function rankCandidates(scored: readonly ScoredCandidate[]): ScoredCandidate[] {
  return [...scored].sort(
    (a, b) => Number(b.matches) - Number(a.matches) || b.score - a.score || RULE_ORDER.indexOf(a.rule) - RULE_ORDER.indexOf(b.rule) || a.id.localeCompare(b.id),
  );
}

/**
 * What a name resolves to: the one best match; or, when several match in the best tier (one
 * exact name on two bodies, two fuzzy matches within AMBIGUITY_MARGIN), one of them if the
 * others are its renamed predecessors or successors or its units, else AMBIGUOUS; or, when
 * nothing matches, NOT_FOUND with the closest candidates as suggestions.
 */
export function decide(scored: readonly ScoredCandidate[], candidates: readonly MatchCandidateNames[], maxSuggestions = 5): MatchDecision {
  const ranked = rankCandidates(scored);
  const matches = ranked.filter((s) => s.matches);
  const top = matches[0];
  if (!top) return { kind: 'NOT_FOUND', suggestions: ranked.filter((s) => s.score >= SUGGESTION_FLOOR * FUZZY_WEIGHT).slice(0, maxSuggestions) };
  const tier = matches.filter((s) => tierOf(s.rule) === tierOf(top.rule) && (tierOf(top.rule) < 3 ? s.score === top.score : top.score - s.score <= AMBIGUITY_MARGIN));
  // A name that matched by an ambiguous alias never resolves alone, not even to the one body
  // of the graph that bears it: the answer is the candidates, each with why (issue 17).
  if (tier.some((s) => s.ambiguous !== undefined)) return { kind: 'AMBIGUOUS', candidates: tier };
  if (tier.length === 1) return { kind: 'RESOLVED', best: top, collapsed: [] };
  const byId = new Map(candidates.map((c) => [c.id, c]));
  // A body and its renamed forms, or a body and its units, bearing one name are one answer:
  // the filter includes the others (lineage, units), and the lookup finds the body itself.
  for (const head of tier) {
    const others = tier.filter((s) => s.id !== head.id);
    const headCandidate = byId.get(head.id);
    const related = others.every((o) => {
      const other = byId.get(o.id);
      return (headCandidate?.lineage.includes(o.id) ?? false) || (other?.ancestors.some((a) => a.id === head.id) ?? false);
    });
    if (related) return { kind: 'RESOLVED', best: head, collapsed: others.map((o) => o.id) };
  }
  return { kind: 'AMBIGUOUS', candidates: tier };
}
