import { clientIp } from './client-ip';

const request = (xff?: string) => ({ headers: xff === undefined ? {} : { 'x-forwarded-for': xff }, socket: { remoteAddress: '::ffff:10.0.0.5' } });

describe('clientIp', () => {
  it.each([
    ['no proxy: the socket, whatever the header says', request('198.51.100.7'), 0, '10.0.0.5'],
    ['one proxy: the address it appended', request('6.6.6.6, 198.51.100.7'), 1, '198.51.100.7'],
    ['two proxies: the entry the outer one appended', request('6.6.6.6, 198.51.100.7, 10.1.1.1'), 2, '198.51.100.7'],
    ['a proxy that sent no header: the socket', request(), 1, '10.0.0.5'],
  ])('should take %s', (_case, sut, proxies, expected) => {
    expect(clientIp(sut, proxies)).toBe(expected);
  });
});
