import { describe, expect, it } from 'vitest';
import { registerTenantInput } from '@/lib/tenants/tenant-input';

const valid = {
  tenant: 'Contoso.com ',
  displayName: ' Contoso ',
  adminEmails: '',
  notes: '',
  dataSources: ['MDE_ALERTS'],
};

describe('registerTenantInput', () => {
  it('normalises a domain and trims the fields', () => {
    expect(registerTenantInput.parse(valid)).toEqual({
      tenant: 'contoso.com',
      displayName: 'Contoso',
      adminEmails: [],
      notes: '',
      dataSources: ['MDE_ALERTS'],
    });
  });

  it('accepts a tenant GUID in any case', () => {
    expect(registerTenantInput.parse({ ...valid, tenant: '57B6504A-DFFE-45BB-A0EF-EC5F14E05F6A' }).tenant).toBe(
      '57b6504a-dffe-45bb-a0ef-ec5f14e05f6a',
    );
  });

  it.each(['contoso', 'https://contoso.com', 'contoso.com/path', 'not a domain.com', '', '57b6504a-dffe'])(
    'refuses "%s" as a tenant',
    (tenant) => {
      expect(registerTenantInput.safeParse({ ...valid, tenant }).success).toBe(false);
    },
  );

  it('splits pasted address lists, drops duplicates, and names a bad address', () => {
    expect(
      registerTenantInput.parse({ ...valid, adminEmails: 'a@contoso.com, B@Contoso.com;\na@contoso.com' }).adminEmails,
    ).toEqual(['a@contoso.com', 'b@contoso.com']);
    const bad = registerTenantInput.safeParse({ ...valid, adminEmails: 'a@contoso.com, nobody' });
    expect(bad.success ? null : bad.error.issues[0]?.message).toBe('"nobody" is not an email address');
  });

  it('needs at least one kind of data, and only known kinds', () => {
    expect(registerTenantInput.safeParse({ ...valid, dataSources: [] }).success).toBe(false);
    expect(registerTenantInput.safeParse({ ...valid, dataSources: ['SENTINEL'] }).success).toBe(false);
  });
});
