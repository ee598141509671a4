import { createPrivateKey, createPublicKey } from 'node:crypto';
import { parseUnionpayAnswer, unionpaySign, unionpaySignString, unionpayVerify, type UnionpayFields } from './unionpay-signer';

// A throwaway RSA-2048 pair generated once for these vectors (never used anywhere else). The expected
// signatures were computed outside Node, with OpenSSL 3.0, from the sign strings below:
//   HEX=$(printf '%s' "$SIGN_STRING" | openssl dgst -sha256 -hex | awk '{print $2}')
//   printf '%s' "$HEX" | openssl dgst -sha256 -sign vector-key.pem | base64 -w0
// PKCS#1 v1.5 signatures are deterministic, so a changed signer shows up as a changed string.
const VECTOR_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCzuNg3q2UvUMco
hY5lSzg4QRLmPRAJRjwc2lqj1i0ZsMX8UGyIBUSb6UxJGiVLv09cKDJ32KenBRIX
paOVZ0AJY2oGppsOFwuaAhLaW31dytE1n9mTU774QHiY4zLUFDOhR1e1V+5t0ALj
jHViW++kFuIoyI13aJJ64EIj9pF8N+FMnYM7TfNsYkTNqaCscfpvNZKM2FUW6EmE
dAZx3tOqfKPGY5HNnuKfYzJwqzXTwk+/flSf0mh/6pQDFp8ZRTP+JqaHviE6zTn0
vp9w1OGlf4kusKx27kagVtZY5Lqz+hzMO7ZdubAEWhq7/UNOZc2QT+tFbAoj3Rq2
FQHb09I7AgMBAAECggEACOwMw9q857ftYywaMRomXNiSLR7r7GHxuwb2B/sqewOF
GK0PbkNAsDLJSDnFjziconkWZE+7pvV/+++Lqu+YxL6MNW9Q9Eadm1QuBmwTUbQv
ZaedYAyAxwdAVWq2C8RC+ec2SfjnC8mPUyeWbj8dKvq92IN4TmzBFNuMPQfRGicA
tLX/HsS76iuiyyQhaO0+0ybyu3i9P6We2qgxGhJi1zXlTbPlGKxPeqoERhfb2x6T
7oIbbG0KwiUIAA+q09TnK7e7oh9778MMMNsBPka0z/SKnWYSw3+RLE1AYmgoduiE
mu51XtpzXCRT4Z5CHdLk8U/EBu58CHzK4ixBHG7apQKBgQDg1X8EkyU+Wt1BUptI
II3b6b2L29+RbVln85wvFVeKpocWsEtXdNyxzEns1PJpFy8+oblxpxc2xe7muSsz
cbLdpiupJG4i+kJx7VvttdQQbaSNSgLz7ngrmIWR4mU0uAnyoEfqUiOQ0/12K81u
FHS/b3uyzYAGQuaHuWaJRUva7wKBgQDMon9ocm3RNKXyJfb4+sjf5YVpXjKopKaQ
qAMY7JnIb/lx5KA15UvgaTqjlpjRib/fqAPCyXvgyOkOfwS58htnzViOsLB+uXs+
sVQhPl70z2nKcdz1RZfE4Z8/sKSD5M5odFZJSVQWuRnMa9LZRaotyFT2Cw+fZp9c
0MPFrx9tdQKBgHhQBv5tt1pcyVVxXQMF2KO7uuCiskpiF5vW8tcHNqdNYbC0ejy8
nnTOeyiu82FlNLTxWgkFfxiiZqs0n3eR+kM97tM+WWmCPhg1CiJ0UJzR72JkHpxm
GgxKO//LBJlnentJZfJwLfQMXO/llLK5Y5glki4mZcHz/uTWQ5ZlbKglAoGBAMWb
LZl41p8tTgpVqvanhg7fn0Mu2ZCM3uPVupf48k/iAWmAM02YTPs54oxSQuQlNwoN
PwR8eImKubNr6O5+4wQMAbZY3TaiemcB6pHnnt6c5DXAWnTnbTWMArIIK/XJn6Cy
pxhCHVeMC2Ohw4xYf4uSZqjp6X4uJToFxudAwwJ5AoGABdn9EXFLFupFEezbFbfy
+PkxTxXpdigAVRssq1jRG5SKAwEELAys5qzAx+8SoML7yIQnYovCADoM+hWiLRWJ
pl0Jzc1eUN7Xo+C6gnYftJmgf0xz0H/iXLu7rciCEy6nQYrQPUFbAuO8QJILDndf
YU6DrSbubqsOvnJF587ZVVY=
-----END PRIVATE KEY-----
`;
const VECTOR_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAs7jYN6tlL1DHKIWOZUs4
OEES5j0QCUY8HNpao9YtGbDF/FBsiAVEm+lMSRolS79PXCgyd9inpwUSF6WjlWdA
CWNqBqabDhcLmgIS2lt9XcrRNZ/Zk1O++EB4mOMy1BQzoUdXtVfubdAC44x1Ylvv
pBbiKMiNd2iSeuBCI/aRfDfhTJ2DO03zbGJEzamgrHH6bzWSjNhVFuhJhHQGcd7T
qnyjxmORzZ7in2MycKs108JPv35Un9Jof+qUAxafGUUz/iamh74hOs059L6fcNTh
pX+JLrCsdu5GoFbWWOS6s/oczDu2XbmwBFoau/1DTmXNkE/rRWwKI90athUB29PS
OwIDAQAB
-----END PUBLIC KEY-----
`;

interface Vector {
  name: string;
  fields: UnionpayFields;
  signString: string;
  digestHex: string;
  signature: string;
}

const VECTORS: Vector[] = [
  {
    name: 'a consume request (appTransReq), with an empty field and Chinese text',
    fields: {
      version: '5.1.0', encoding: 'UTF-8', signMethod: '01', txnType: '01', txnSubType: '01', bizType: '000201',
      channelType: '08', accessType: '0', merId: '777290058201905', certId: '69042905377',
      orderId: 'JC20260101000000000000000001', txnTime: '20260101001500', txnAmt: '10000', currencyCode: '156',
      backUrl: 'https://pay.jucard.example/payments/notify/unionpay', orderDesc: '莲花健身储值卡充值',
      payTimeout: '20260101003000', frontUrl: '',
    },
    signString:
      'accessType=0&backUrl=https://pay.jucard.example/payments/notify/unionpay&bizType=000201&certId=69042905377&channelType=08&currencyCode=156&encoding=UTF-8&merId=777290058201905&orderDesc=莲花健身储值卡充值&orderId=JC20260101000000000000000001&payTimeout=20260101003000&signMethod=01&txnAmt=10000&txnSubType=01&txnTime=20260101001500&txnType=01&version=5.1.0',
    digestHex: '712f34f1a13724c140302534ce277cd7ea7935f237a70f0e7d868ec4b5c1fe5c',
    signature:
      'fvTCY+hz7nXuVouaIgCEDMpYWLA2hGQ3qEadj85XA1A3gsU6seaqqXiGlOLLxbW3ZTn8m3+BYFZYibDcIMFUXbNliHkB3ehMJGYbRNIAr+89UwxNxTLtdzRGig5Io9+ZziBdMweOOAKDu6Xlg7mpIXi188+6oK5e3kTwTaAvLUDzLdGLwd/STXXb87JW3pNerg4mLl1y7Q3LI2msiR6326ewKYb1djH4XKzLZpEkE/m1fyuXYJfNUnIfowkC3lcx3CTy4nqjhxC6UpVoVvW8yzLjUURvgdMkrjoUaHCL5/+X/wbqTO+dguehav00wfSKUzlUFImuTynK0LtbvX4X8A==',
  },
  {
    name: 'a payment notification, with a signature field present and a value holding "="',
    fields: {
      version: '5.1.0', encoding: 'UTF-8', signMethod: '01', certId: '75581729104', accessType: '0', merId: '777290058201905',
      currencyCode: '156', bizType: '000201', txnType: '01', txnSubType: '01', orderId: 'JC20260101000000000000000001',
      txnTime: '20260101001500', txnAmt: '10000', queryId: '826110170101003522158', respCode: '00', respMsg: '成功[0000000]',
      settleAmt: '10000', settleCurrencyCode: '156', settleDate: '0101', traceNo: '352215', traceTime: '0101003522',
      reqReserved: 'a=b', signature: 'ignored-when-signing',
    },
    signString:
      'accessType=0&bizType=000201&certId=75581729104&currencyCode=156&encoding=UTF-8&merId=777290058201905&orderId=JC20260101000000000000000001&queryId=826110170101003522158&reqReserved=a=b&respCode=00&respMsg=成功[0000000]&settleAmt=10000&settleCurrencyCode=156&settleDate=0101&signMethod=01&traceNo=352215&traceTime=0101003522&txnAmt=10000&txnSubType=01&txnTime=20260101001500&txnType=01&version=5.1.0',
    digestHex: 'b9a91c4e183a4208d42c45d459863bd17a79cf52b1187fc0f7b6189aa1f866be',
    signature:
      'SlYtUcGbygOehwV2N6WDK8W7X8Vpub8kHuBPeRc0Q3qKwLbb2XpyglvBA73hum9QLuYRo0RCIDcnqbf2U3uSxd9bgakEB7PQ7G66X+HOV/WGd4BLE6zELax6vI+fgZHULRmzj/zLQZ1d9hK3vkVZ7UijW7zhJdc6z1uzXKGerjWxRFB2DZ6mG5I0hMsE7Gcp8bu7zhEWc/9T9VUYqHx+08QTbKO+dhM2ngWH/UN264JAetzxwWll8so83DKiNMt6u++3cbycINcwDbT33Q5CW56TzSpvTELBzLsti8KfZcE/2QWaQX0dEnigBA14tifOVArr2iCSa6vgYS7NM5b9nw==',
  },
];

describe('UnionPay signMethod=01 signer', () => {
  it('should embed a matching key pair', () => {
    const derived = createPublicKey(createPrivateKey(VECTOR_PRIVATE_KEY)).export({ type: 'spki', format: 'pem' });
    expect(derived).toBe(VECTOR_PUBLIC_KEY);
  });

  it.each(VECTORS)('should build the sorted sign string of $name', ({ fields, signString }) => {
    expect(unionpaySignString(fields)).toBe(signString);
  });

  it.each(VECTORS)('should produce the OpenSSL signature of $name', ({ fields, signature }) => {
    expect(unionpaySign(fields, VECTOR_PRIVATE_KEY)).toBe(signature);
  });

  it.each(VECTORS)('should verify $name with the public key', ({ fields, signature }) => {
    expect(unionpayVerify({ ...fields, signature }, VECTOR_PUBLIC_KEY)).toBe(true);
  });

  it('should refuse a message whose amount was changed after signing', () => {
    const [{ fields, signature }] = VECTORS as [Vector];
    expect(unionpayVerify({ ...fields, txnAmt: '1', signature }, VECTOR_PUBLIC_KEY)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not base64 of a signature', 'not-a-signature'],
  ])('should refuse a %s signature without throwing', (_label, signature) => {
    const [{ fields }] = VECTORS as [Vector];
    const message: UnionpayFields = { ...fields };
    if (signature === undefined) delete message.signature;
    else message.signature = signature;
    expect(unionpayVerify(message, VECTOR_PUBLIC_KEY)).toBe(false);
  });

  it('should ignore field order', () => {
    const [{ fields, signature }] = VECTORS as [Vector];
    const reversed = Object.fromEntries(Object.entries(fields).reverse());
    expect(unionpaySign(reversed, VECTOR_PRIVATE_KEY)).toBe(signature);
  });

  it('should read a raw k=v& answer, splitting each pair on its first "="', () => {
    expect(parseUnionpayAnswer('respCode=00&respMsg=成功[0000000]&reqReserved=a=b&tn=123\n')).toEqual({
      respCode: '00',
      respMsg: '成功[0000000]',
      reqReserved: 'a=b',
      tn: '123',
    });
  });
});
