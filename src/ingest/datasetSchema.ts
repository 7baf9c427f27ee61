import { z } from 'zod';
import { ID_PATTERNS, ISO_COUNTRY_CODE, ISO_CURRENCY_CODE, LEGAL_FRAMEWORK_KINDS, ORGANISATION_KINDS, PROJECT_STATUSES, SOURCE_ID, YEAR_RANGE, countryId, type EntityLabel } from '../domain/entities';
import { parsePartialDate } from '../domain/partialDate';
import { DEFAULT_IMPLEMENTER_ROLE, IMPLEMENTER_ROLES } from '../domain/relationships';
import { passageProblem } from '../domain/text';

/**
 * The dataset format (data/README.md), checked field by field. Objects are strict: an
 * unknown field is an error, so a typo cannot silently drop a fact, and there is no place
 * for anything the format does not name (such as details of victims).
 */

// Every text of a dataset follows the passage rule of src/domain/text.ts: no invisible or
// control characters besides tabs and line breaks (a name that carries one can pass for another).
const text = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .superRefine((value, ctx) => {
    const problem = passageProblem('text', value, Number.MAX_SAFE_INTEGER);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem.replace('"text" contains', 'contains') });
  });
const partialDate = z
  .union([z.string(), z.number().int()])
  .transform((value) => String(value))
  .refine((value) => parsePartialDate(value) !== null, { message: 'must be a date YYYY, YYYY-MM or YYYY-MM-DD' });

/**
 * A piece of evidence. An excerpt that occurs more than once in its document must say which
 * occurrence it is (issue 17): `under`, a passage of the document it comes after (the
 * project's title, the heading of its block; the first occurrence after it is meant), or
 * `offset`, where it starts in the document's text with white space collapsed (see checks.ts).
 * Every excerpt of a seed document is located on load, and the API gives the location.
 */
const evidenceFields = z
  .object({
    document: text,
    excerpt: text,
    under: text.optional(),
    offset: z.number().int().nonnegative().optional(),
  })
  .strict();
type LocatedEvidenceInput = z.input<typeof evidenceFields>;
/**
 * Checked as above. Its input type names the plain shape {document, excerpt} beside the
 * located one, so that code building entries without a location (the extractor) keeps the
 * exact types it had: TypeScript does not count a shape without the optional `under` and
 * `offset` as a subtype of one with them, and would widen its unions to nothing.
 */
export const evidenceSchema = evidenceFields as unknown as z.ZodType<z.output<typeof evidenceFields>, z.ZodTypeDef, { document: string; excerpt: string } | LocatedEvidenceInput>;

const evidence = z.array(evidenceSchema).min(1, 'needs at least one piece of evidence');

// The id rules of src/domain/entities.ts, with their words as the error message.
const id = (label: EntityLabel) => z.string().regex(ID_PATTERNS[label].pattern, `must be ${ID_PATTERNS[label].description}`);

const orgId = id('Organisation');
const projectId = id('Project');
const countryIdSchema = id('Country');
const frameworkId = id('LegalFramework');
const personId = id('Person');

// `inferred`: the one-line reasoning of a tie the source implies rather than states (issue 17).
const inferred = text.optional();
const link = <T extends z.ZodTypeAny>(target: T) => z.object({ id: target, evidence, inferred }).strict();
const roleLink = <T extends z.ZodTypeAny>(target: T) => z.object({ id: target, role: text.optional(), evidence, inferred }).strict();

/** Names that other bodies in the field share (an acronym): found, but never resolved alone. */
// Optional rather than defaulted, so that code building entries (the extractor, the generator) need not name them.
const ambiguousAliases = z.array(text).optional();

export const sourceSchema = z
  .object({
    id: z.string().regex(SOURCE_ID, 'must be a file name (letters, digits, dot, underscore, hyphen)'),
    title: text,
    publisher: text.optional(),
    published: partialDate.optional(),
    url: z.string().url('must be a URL').optional(),
    curated: z.boolean().optional(),
    reference: text.optional(),
  })
  .strict()
  .refine((s) => !s.curated || s.reference !== undefined, { message: 'a curated source needs a reference', path: ['reference'] });

export const countrySchema = z
  .object({
    id: countryIdSchema,
    name: text,
    isoCode: z.string().regex(ISO_COUNTRY_CODE, 'must be an ISO 3166-1 alpha-2 code'),
    aliases: z.array(text).default([]),
    note: text.nullable().optional(),
    evidence,
  })
  .strict()
  .refine((c) => c.id === countryId(c.isoCode), { message: 'must be country:<isoCode>', path: ['id'] });

export const organisationSchema = z
  .object({
    id: orgId,
    name: text,
    acronym: text.optional(),
    aliases: z.array(text).default([]),
    ambiguousAliases,
    kind: z.enum(ORGANISATION_KINDS).optional(),
    country: countryIdSchema.optional(),
    evidence,
    partOf: z.array(link(orgId)).default([]),
    succeededBy: z.array(z.object({ id: orgId, date: partialDate.optional(), evidence, inferred }).strict()).default([]),
    coordinates: z.array(link(orgId)).optional(),
  })
  .strict();

/** The project attributes that may be marked inferred. */
export const INFERABLE_PROJECT_FIELDS = ['status', 'start', 'end', 'durationMonths', 'budget', 'coverage', 'projectType', 'description'] as const;

const phaseSchema = z.object({ name: text, start: partialDate.optional(), end: partialDate.optional() }).strict();

export const projectSchema = z
  .object({
    id: projectId,
    name: text,
    acronym: text.optional(),
    aliases: z.array(text).default([]),
    ambiguousAliases,
    description: text.optional(),
    status: z.enum(PROJECT_STATUSES).optional(),
    projectType: text.optional(),
    start: partialDate.optional(),
    end: partialDate.optional(),
    durationMonths: z.number().int().positive().optional(),
    phases: z.array(phaseSchema).default([]),
    budget: z.object({ amount: z.number().nonnegative(), currency: z.string().regex(ISO_CURRENCY_CODE, 'must be an ISO 4217 code') }).strict().optional(),
    coverage: text.optional(),
    identifiers: z.array(z.object({ scheme: text, value: z.union([text, z.number()]).transform(String) }).strict()).default([]),
    results: z
      .array(z.object({ indicator: text, value: z.number(), unit: text, qualifier: text.optional() }).strict())
      .default([]),
    evidence,
    // Attributes the sources imply rather than state, each with its reasoning (issue 17).
    inferred: z.array(z.object({ field: z.enum(INFERABLE_PROJECT_FIELDS), reasoning: text }).strict()).optional(),
    fundedBy: z.array(link(orgId)).default([]),
    implementedBy: z.array(z.object({ id: orgId, role: z.enum(IMPLEMENTER_ROLES).default(DEFAULT_IMPLEMENTER_ROLE), evidence, inferred }).strict()).default([]),
    beneficiaries: z.array(roleLink(orgId)).default([]),
    partners: z.array(roleLink(orgId)).default([]),
    attendees: z.array(roleLink(orgId)).optional(),
    parties: z.array(roleLink(orgId)).optional(),
    countries: z.array(link(countryIdSchema)).default([]),
    alignedWith: z.array(link(frameworkId)).default([]),
  })
  .strict();

export const legalFrameworkSchema = z
  .object({
    id: frameworkId,
    name: text,
    aliases: z.array(text).default([]),
    kind: z.enum(LEGAL_FRAMEWORK_KINDS),
    jurisdiction: text.optional(),
    year: z.number().int().min(YEAR_RANGE.min).max(YEAR_RANGE.max).optional(),
    evidence,
  })
  .strict();

export const personSchema = z
  .object({
    id: personId,
    name: text,
    aliases: z.array(text).default([]),
    evidence,
    roles: z
      .array(
        z
          .object({ project: projectId.optional(), organisation: orgId.optional(), title: text, evidence, inferred })
          .strict()
          .refine((r) => (r.project === undefined) !== (r.organisation === undefined), {
            message: 'a role names exactly one of project or organisation',
          }),
      )
      .default([]),
  })
  .strict();

export const SECTIONS = {
  sources: sourceSchema,
  countries: countrySchema,
  organisations: organisationSchema,
  projects: projectSchema,
  legalFrameworks: legalFrameworkSchema,
  people: personSchema,
} as const;

export type SectionName = keyof typeof SECTIONS;
export const SECTION_NAMES = Object.keys(SECTIONS) as SectionName[];

export type SourceEntry = z.infer<typeof sourceSchema>;
export type CountryEntry = z.infer<typeof countrySchema>;
export type OrganisationEntry = z.infer<typeof organisationSchema>;
export type ProjectEntry = z.infer<typeof projectSchema>;
export type LegalFrameworkEntry = z.infer<typeof legalFrameworkSchema>;
export type PersonEntry = z.infer<typeof personSchema>;
export type Evidence = z.infer<typeof evidenceSchema>;

/** Where an entry came from, so that every error can name the file and the entry. */
export interface Located<T> {
  file: string;
  index: number;
  entry: T;
  /**
   * The file's name as an origin of claims: its path from the folder above the dataset folder
   * ("seed/projects.yaml"), so that the same file loaded from another checkout or temporary
   * folder is the same origin. The display path when not given.
   */
  origin?: string;
}

export interface Dataset {
  sources: Array<Located<SourceEntry>>;
  countries: Array<Located<CountryEntry>>;
  organisations: Array<Located<OrganisationEntry>>;
  projects: Array<Located<ProjectEntry>>;
  legalFrameworks: Array<Located<LegalFrameworkEntry>>;
  people: Array<Located<PersonEntry>>;
}
