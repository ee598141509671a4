import { generateKeyPairSync } from 'node:crypto';
import { WechatpayPlatformKeys } from './wechatpay-platform-keys';

const pem = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('WechatpayPlatformKeys', () => {
  const first = { platformSerial: 'PUB_KEY_ID_0001', platformPublicKeyPem: pem() };
  const rotated = { platformSerial: 'PUB_KEY_ID_0002', platformPublicKeyPem: pem() };

  it('should parse the key once and hand out the same key object for its serial', () => {
    const reload = jest.fn(() => first);
    const sut = new WechatpayPlatformKeys(first, reload);
    const key = sut.get('PUB_KEY_ID_0001');
    expect(key?.type).toBe('public');
    expect(sut.get('PUB_KEY_ID_0001')).toBe(key);
    expect(reload).not.toHaveBeenCalled();
  });

  it('should take a rotated key from the credentials, keep the one before it, and tell the client to rebuild', () => {
    const onRotated = jest.fn();
    const sut = new WechatpayPlatformKeys(first, () => rotated, onRotated);
    const before = sut.get('PUB_KEY_ID_0001');
    expect(sut.get('PUB_KEY_ID_0002')?.export({ type: 'spki', format: 'pem' })).toBe(rotated.platformPublicKeyPem);
    expect(sut.get('PUB_KEY_ID_0001')).toBe(before);
    expect(Object.keys(sut.all()).sort()).toEqual(['PUB_KEY_ID_0001', 'PUB_KEY_ID_0002']);
    expect(onRotated).toHaveBeenCalledTimes(1);
  });

  it('should re-read the credentials for unknown serials at most once per 30 s', () => {
    let now = 1_000_000;
    const reload = jest.fn(() => first);
    const sut = new WechatpayPlatformKeys(first, reload, undefined, () => now);
    expect(sut.get('PUB_KEY_ID_FORGED')).toBeUndefined();
    expect(sut.get('PUB_KEY_ID_FORGED_AGAIN')).toBeUndefined();
    expect(reload).toHaveBeenCalledTimes(1);
    now += 30_000;
    expect(sut.get('PUB_KEY_ID_FORGED')).toBeUndefined();
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it('should refuse an unknown serial when the credentials cannot be read', () => {
    const sut = new WechatpayPlatformKeys(first, () => {
      throw new Error('ENOENT');
    });
    expect(sut.get('PUB_KEY_ID_0002')).toBeUndefined();
    expect(sut.get('PUB_KEY_ID_0001')).toBeDefined();
  });
});
