import { ConfigError, loadConfig } from '../../src/config';
import { ANONYMOUS, authenticate, hashApiKey, hasRole, parseApiKeys } from '../../src/security/apiKeys';
import { requireRole } from '../../src/security/access';

const curatorKey = 'curator-secret-1';
const adminKey = 'admin-secret-2';
const keys = parseApiKeys(`ana:curator:${hashApiKey(curatorKey)}, bo:admin:${hashApiKey(adminKey)}`);

describe('API keys in the configuration', () => {
  it('are read as name, role and SHA-256', () => {
    expect(keys).toEqual([
      { name: 'ana', role: 'curator', sha256: hashApiKey(curatorKey) },
      { name: 'bo', role: 'admin', sha256: hashApiKey(adminKey) },
    ]);
    expect(parseApiKeys('')).toEqual([]);
  });

  it('refuse a key given in clear instead of its hash, without repeating it', () => {
    expect(() => parseApiKeys('ana:curator:my-plain-key')).toThrow(/SHA-256/);
    try {
      parseApiKeys('ana:curator:my-plain-key');
    } catch (error) {
      expect((error as Error).message).not.toContain('my-plain-key');
    }
  });

  it('refuse an unknown role, a malformed entry and a name given twice', () => {
    const hash = hashApiKey('k');
    expect(() => parseApiKeys(`ana:owner:${hash}`)).toThrow(/role of "ana" must be one of curator, admin/);
    expect(() => parseApiKeys(`ana:${hash}`)).toThrow(/name:role:sha256hex/);
    expect(() => parseApiKeys(`ana:curator:${hash},ana:admin:${hash}`)).toThrow(/given twice/);
  });

  it('are checked by loadConfig, which says what is wrong as a ConfigError', () => {
    expect(() => loadConfig({ API_KEYS: 'ana:curator:not-a-hash' })).toThrow(ConfigError);
    expect(loadConfig({ API_KEYS: `ana:curator:${hashApiKey(curatorKey)}` }).apiKeys).toEqual([{ name: 'ana', role: 'curator', sha256: hashApiKey(curatorKey) }]);
  });
});

describe('authenticate', () => {
  it('reads no Authorization header as an anonymous reader', () => {
    expect(authenticate(undefined, keys)).toEqual({ kind: 'none' });
    expect(authenticate('', keys)).toEqual({ kind: 'none' });
  });

  it('knows the holder of a valid bearer key, and their role', () => {
    expect(authenticate(`Bearer ${curatorKey}`, keys)).toEqual({ kind: 'valid', viewer: { kind: 'key', name: 'ana', role: 'curator' } });
    expect(authenticate(`bearer ${adminKey}`, keys)).toEqual({ kind: 'valid', viewer: { kind: 'key', name: 'bo', role: 'admin' } });
  });

  it('refuses a wrong key, another scheme and a key sent without a scheme', () => {
    expect(authenticate('Bearer wrong', keys)).toEqual({ kind: 'invalid' });
    expect(authenticate(`Basic ${curatorKey}`, keys)).toEqual({ kind: 'invalid' });
    expect(authenticate(curatorKey, keys)).toEqual({ kind: 'invalid' });
    expect(authenticate(`Bearer ${curatorKey}`, [])).toEqual({ kind: 'invalid' });
  });
});

describe('roles', () => {
  const curator = { kind: 'key', name: 'ana', role: 'curator' } as const;
  const admin = { kind: 'key', name: 'bo', role: 'admin' } as const;

  it('let an admin do all a curator may, and not the other way round', () => {
    expect(hasRole(admin, 'curator')).toBe(true);
    expect(hasRole(admin, 'admin')).toBe(true);
    expect(hasRole(curator, 'curator')).toBe(true);
    expect(hasRole(curator, 'admin')).toBe(false);
    expect(hasRole(ANONYMOUS, 'curator')).toBe(false);
  });

  it('refuse the anonymous with UNAUTHENTICATED and a curator who would merge with FORBIDDEN', () => {
    const codeOf = (work: () => unknown) => {
      try {
        work();
        return null;
      } catch (error) {
        return (error as { extensions: { code: string } }).extensions.code;
      }
    };
    expect(codeOf(() => requireRole(ANONYMOUS, 'curator'))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => requireRole(curator, 'admin'))).toBe('FORBIDDEN');
    expect(requireRole(admin, 'admin')).toEqual({ name: 'bo', role: 'admin' });
  });
});
