import { isSpecialAddress, targetRefusal } from './webhook-target';

describe('webhook targets', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip'])(
    'should treat %s as special',
    (address) => {
      expect(isSpecialAddress(address)).toBe(true);
    },
  );

  it.each(['8.8.8.8', '114.114.114.114', '2400:3200::1', '::ffff:8.8.8.8'])('should treat %s as public', (address) => {
    expect(isSpecialAddress(address)).toBe(false);
  });

  it.each([
    ['http://erp.example.com/hooks', 'not https'],
    ['https://127.0.0.1/hooks', 'a private or loopback address'],
    ['https://[::1]:8443/hooks', 'a private or loopback address'],
    ['https://169.254.169.254/latest/meta-data', 'a private or loopback address'],
    ['https://localhost/hooks', 'a local host name'],
    ['https://db.internal/hooks', 'a local host name'],
    ['https://intranet/hooks', 'a local host name'],
    ['https://user:pw@erp.example.com/hooks', 'credentials in the URL'],
    ['ftp://erp.example.com/', 'not https'],
    ['nonsense', 'not a URL'],
  ])('should refuse %s in production (%s)', (url, reason) => {
    expect(targetRefusal(url, 'public-only')).toBe(reason);
  });

  it('should accept a public https URL in production and a local receiver in development', () => {
    expect(targetRefusal('https://erp.example.com/hooks?x=1', 'public-only')).toBeNull();
    expect(targetRefusal('https://8.8.8.8/hooks', 'public-only')).toBeNull();
    expect(targetRefusal('http://127.0.0.1:4000/hooks', 'any')).toBeNull();
    expect(targetRefusal('file:///etc/passwd', 'any')).toBe('not http(s)');
  });
});
