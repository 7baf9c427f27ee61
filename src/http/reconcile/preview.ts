import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Repositories } from '../../db/repositories';
import type { EntityRecord } from '../../db/records';
import { ServiceError } from '../../errors';
import { reconcileTypeOf } from './types';

/**
 * The preview service of the Reconciliation API 0.2 ("Preview Service"): a small HTML page
 * about one entity, which OpenRefine shows in an iframe beside a candidate. It holds no
 * script; its one stylesheet is allowed by hash. Unlike the service's other pages it may be
 * framed by any site, since being framed by the client is what it is for.
 */

const STYLE = 'body{font:13px/1.4 system-ui,sans-serif;margin:8px;color:#1e293b}h1{font-size:15px;margin:0 0 4px}p{margin:2px 0}.type{color:#64748b}';
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;
const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src ${STYLE_HASH}; base-uri 'none'; form-action 'none'`;

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function facts(entity: EntityRecord): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if ('acronym' in entity && entity.acronym) out.push(['Acronym', entity.acronym]);
  if ('kind' in entity && entity.kind) out.push(['Kind', entity.kind.replace(/_/g, ' ').toLowerCase()]);
  if (entity.__typename === 'Country') out.push(['ISO code', entity.isoCode]);
  if (entity.__typename === 'LegalFramework' && entity.jurisdiction) out.push(['Jurisdiction', entity.jurisdiction]);
  if (entity.__typename === 'LegalFramework' && entity.year !== null) out.push(['Year', String(entity.year)]);
  if (entity.__typename === 'Project' && entity.status) out.push(['Status', entity.status.toLowerCase()]);
  if (entity.aliases.length > 0) out.push(['Also known as', entity.aliases.join('; ')]);
  return out;
}

function page(entity: EntityRecord): string {
  const lines = facts(entity).map(([name, value]) => `<p><b>${escapeHtml(name)}:</b> ${escapeHtml(value)}</p>`);
  const explorer = `/explore?focus=${encodeURIComponent(entity.id)}`;
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(entity.name)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(entity.name)}</h1>`,
    `<p class="type">${escapeHtml(reconcileTypeOf(entity.__typename).name)} · ${escapeHtml(entity.id)}</p>`,
    ...lines,
    `<p><a href="${escapeHtml(explorer)}" target="_blank" rel="noopener noreferrer">Open in the explorer</a></p>`,
    '</body></html>',
  ].join('');
}

/** GET /reconcile/preview?id=org:dgmm: the entity's preview page, or 400 / 404 saying why not. */
export async function servePreview(params: URLSearchParams, method: string, repositories: Repositories, res: ServerResponse): Promise<void> {
  for (const name of new Set(params.keys())) {
    if (name !== 'id') throw new ServiceError('BAD_REQUEST', `Unknown parameter ${JSON.stringify(name.slice(0, 40))}; a preview takes id.`);
  }
  const id = (params.get('id') ?? '').trim();
  if (id === '' || params.getAll('id').length > 1) throw new ServiceError('BAD_REQUEST', '"id" must be one entity id, e.g. /reconcile/preview?id=org:dgmm.');
  const [entity] = await repositories.entities.findByIds([id]);
  if (!entity) throw new ServiceError('NOT_FOUND', `No entity has the id ${JSON.stringify(id.slice(0, 80))}.`);
  const body = page(entity);
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(body)));
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.end(method === 'HEAD' ? undefined : body);
}
