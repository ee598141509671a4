// UnionPay ACP 5.1.0 in the sandbox: the signMethod=01 signer pinned by fixed vectors, then the gateway flows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CREDS, control, eventually, startListener, startTestSandbox } from './fixtures.mjs';
import { parseResponseText, unionpaySign, unionpaySignString, unionpayVerify } from './unionpay-sign.mjs';
import { cstCompact } from './util.mjs';

// A throwaway key used only by these vectors. The expected signatures were computed independently with
//   printf '%s' "$SIGN_STRING" | openssl dgst -sha256 -hex   ->  hex digest
//   printf '%s' "$HEX" | openssl dgst -sha256 -sign key.pem | base64 -w0
const VECTOR_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCdo1naHb/VIOmN
beRbF6+ISglFXyXfMct2YEHh72CMlUWdVD1Mx8vaXpyiM0O1K9zbb+j/datXD5c6
+g4nGzQAp24ur3ZnzPuocJmVcHdn6xuBRJM+zoR3AwgnRrERJ1IUj93apDtXAX+F
QeMLM2v8M68CRENuh68vwF4L9sJIRQFHp/tWwShtxLBl1p4KJ4QOf0zaMvGq7zdm
T2VPWHATioaXiYQOoLHMaupvqsvbsO8+efZ8ZE1R4/s3HpM6pxjUUlX3XPT7nRbk
KwRVKQUR+YPSbe25uDrw+cd0UytKZ5q9RBfLQn3Z6UFIF/LTLKZIKD7mGfhZmeRU
V2P3cTdrAgMBAAECggEATT4KvB8Rrax35K4xVBVyFJU6n7x0wT4UFYgrIDt8ksZe
Gy547xODpxfvJmd6SN8aVIgsomiVMY7ZKrP2lWD2BVAFZGjj2w8NTUcHart2Nvx0
OM5SXFczf2GD8ELqZp5e0OaB7i3FSefZBYH4b7edtTHaEoFCjXl89SgMrU4XevNX
lM5trzR4WOyUMj+RXTnIrh+C8HhRlSPlTZKP1vMx2njhOzczZU56KnKWzaPkx4Ej
dKdTRrcPkw+RBtpQCJeTX01h1ns7QxYXUVCpAXgl+JiEWh3w9wcfW7j3GyqpmK0n
YTGXRP3M8yt40s0ufOQvembcfPsQDlL25HNm26n9wQKBgQDaT5mHNR+8M205tyxL
hvLaqx80ZTXJ6XJau1MKmnx6nng0gk5lt36F727v8t93vH2zEpzYDdL1XR65o6Xr
w8LRnN3coTXPVRFixtlZqmmSNFAvuP2MM3aA5cMJ2bC5+W4a44dp1FBgTAx7uFJZ
7ZrAcIwFcdWu7A6WQLWpqcKjYQKBgQC42kYHirC5bJSxxWEGNSbzal+FZHgazk17
U/E01gu2NhiYyt/BmYxH5pu3ZQI4K12nUI1MHDtXSRh7R+tcrFytZI2+Xalu3ItR
VQS8WwET0c2sLumuEgS9L5pNbFHnqecPYYOInKPdPteQ7++tp6WuVmhkcIwnGyOU
3xItGwOaSwKBgQDWljWgHIzULmyntbBZkQ13+YqTswR7MvePzd/jZVUEJm6blpY/
D23TczXFsCMOi/22no4DJRt+yQihiwVVyLff2GSQMPo2kTSktjcBFyvsZXWIYzr+
q7tJGg9ryEoZk98xmQMK+IIFFduTZOu1r4NUs4w+8dULusbf1D18xvwmIQKBgBtc
zALvx6sa5IPQCMWndoWPmGYhchndseBwk4LTsFYfedKcLTT2Kqq1+xTRkduIp8tN
hCzg/PO1sTcGdVN5fBp6iPTF3n+3i7PVVucevXEWnFBBfXuz1RnAAyI0x4b4Qmin
cZX2QddNJxGgQqU87Kx6w+ciNczQGps9ze35UrYzAoGAWmA7MsCn+8BmftWJTHtE
342OZZWO4CrO9nZQ0pOLqou/aHr4QicZNojhSBgZl6Eyd8ngbth5d6ey2wgN0Usr
YI2WoEf717GDoIK08yfcdSCRXCffT0y+23vcmTQv2cgeal86XvBpHi1oTUxExmlt
6vQV0gJN+cbCqgUn5SpS/J4=
-----END PRIVATE KEY-----
`;
const VECTOR_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAnaNZ2h2/1SDpjW3kWxev
iEoJRV8l3zHLdmBB4e9gjJVFnVQ9TMfL2l6cojNDtSvc22/o/3WrVw+XOvoOJxs0
AKduLq92Z8z7qHCZlXB3Z+sbgUSTPs6EdwMIJ0axESdSFI/d2qQ7VwF/hUHjCzNr
/DOvAkRDboevL8BeC/bCSEUBR6f7VsEobcSwZdaeCieEDn9M2jLxqu83Zk9lT1hw
E4qGl4mEDqCxzGrqb6rL27DvPnn2fGRNUeP7Nx6TOqcY1FJV91z0+50W5CsEVSkF
EfmD0m3tubg68PnHdFMrSmeavUQXy0J92elBSBfy0yymSCg+5hn4WZnkVFdj93E3
awIDAQAB
-----END PUBLIC KEY-----
`;

const VECTORS = [
  {
    name: 'a consume request',
    fields: {
      version: '5.1.0', encoding: 'UTF-8', txnType: '01', txnSubType: '01', bizType: '000201', channelType: '08', accessType: '0',
      merId: '777290058110048', orderId: 'JC20250101120000', txnTime: '20250101120000', txnAmt: '1000', currencyCode: '156',
      backUrl: 'https://merchant.example/unionpay/notify', signMethod: '01', certId: '68759663125', frontUrl: '',
    },
    signString: 'accessType=0&backUrl=https://merchant.example/unionpay/notify&bizType=000201&certId=68759663125&channelType=08&currencyCode=156&encoding=UTF-8&merId=777290058110048&orderId=JC20250101120000&signMethod=01&txnAmt=1000&txnSubType=01&txnTime=20250101120000&txnType=01&version=5.1.0',
    signature: 'K1Y/LtMXEtEf752clHF06VHRvVDDeo4SB1FvETcl+SS3X2IrIYr9UyfxDQvFx4pxmtsi5t7RjvPrIWkNkh1QVIzmwX5NY2tk9xkROIyNDP8hgkMZ7F+9H+WdWcuu8O+xYopCtO8NG5Piq1/ostYHhEW6Bld72TWkIE3t4pPcPqkDtQsNLdSagmFmkTDXlSpA0ocLHKerrz4f2ZChcydkTs9UOlDK+WKKLyWk3m+CJuztHBJHwAPDl+dWkn7Tb2yQq/kSsd+Y1KQESve229I3oycqkIwzRcGzXQEwRuoc9FhRyhf/YMgW+y4MlNILaw3HvJlNNreyMRGVxynIEj/HJg==',
  },
  {
    name: 'a notification with UTF-8 text',
    fields: {
      version: '5.1.0', encoding: 'UTF-8', txnType: '01', bizType: '000201', accessType: '0', merId: '777290058110048',
      orderId: 'JC20250101120001', orderDesc: '聚卡充值 100元', queryId: '782501011200000000001', respCode: '00', respMsg: '成功[0000000]',
      settleAmt: '10000', txnAmt: '10000', txnTime: '20250101120001', currencyCode: '156',
    },
    signString: 'accessType=0&bizType=000201&currencyCode=156&encoding=UTF-8&merId=777290058110048&orderDesc=聚卡充值 100元&orderId=JC20250101120001&queryId=782501011200000000001&respCode=00&respMsg=成功[0000000]&settleAmt=10000&txnAmt=10000&txnTime=20250101120001&txnType=01&version=5.1.0',
    signature: 'MhPGeKSPgwNNX6i/uA+Ob2peAH4FpI5gJGtzjbYDsd7H96BU0R5jT2XrQcutwSrqz3r6sQVQmpHMWo2X0/JsAdWUv6ue1W8gwZREUdryBQax1+6g82vmX/Sj79BttwOmK9eJ27gk3NFEfBfmJvz5/mOEoEA9qw4Qtpc5DiOwaS3G/Ird7eatVOJLoQ+4XxyAwVPQW0F+vTFe4Sj+h4/+/UAW/ujET7Fn9+92dH7w/SvFFGXKm3KnFNS0upvPZTJ4Scq0NqWc1/f0h5BuMOOiGKkc8iG4aRKwU/O3RVSQnJe6Oe49QO0nD4ptDlDqLYMuMZ66FLh/DBUrv79N4NNe3g==',
  },
];

describe('UnionPay signMethod=01 test vectors', () => {
  for (const v of VECTORS) {
    test(`should build the sign string of ${v.name} (sorted, no signature, no empty values)`, () => {
      assert.equal(unionpaySignString({ ...v.fields, signature: 'ignored' }), v.signString);
    });
    test(`should produce the pinned signature of ${v.name}`, () => {
      assert.equal(unionpaySign(v.fields, VECTOR_PRIVATE_KEY), v.signature);
    });
    test(`should verify ${v.name} and refuse it once tampered`, () => {
      assert.equal(unionpayVerify({ ...v.fields, signature: v.signature }, VECTOR_PUBLIC_KEY), true);
      assert.equal(unionpayVerify({ ...v.fields, txnAmt: '1', signature: v.signature }, VECTOR_PUBLIC_KEY), false);
      assert.equal(unionpayVerify({ ...v.fields }, VECTOR_PUBLIC_KEY), false);
    });
  }
});

describe('UnionPay gateway', () => {
  const U = CREDS.unionpay;
  let sandbox;
  let merchant;
  let seq = 0;
  const newId = () => `JCUP${Date.now()}${seq++}`;
  before(async () => {
    sandbox = await startTestSandbox({ scale: 1e4 });
    merchant = await startListener(() => ({ status: 200, body: 'ok' }));
  });
  after(async () => {
    await sandbox.close();
    await merchant.close();
  });

  function request(fields, privateKeyPem = U.privateKeyPem) {
    const all = { version: '5.1.0', encoding: 'UTF-8', signMethod: '01', merId: U.merId, certId: U.certId, accessType: '0', channelType: '08', ...fields };
    return { ...all, signature: unionpaySign(all, privateKeyPem) };
  }
  async function post(path, fields, privateKeyPem) {
    const res = await fetch(`${sandbox.url}/gateway/api/${path}`, { method: 'POST', body: new URLSearchParams(request(fields, privateKeyPem)), redirect: 'manual' });
    const text = await res.text();
    const answer = parseResponseText(text);
    return { res, text, answer, valid: unionpayVerify(answer, U.platformPublicKeyPem) };
  }
  const consume = (orderId, txnTime, extra = {}) => ({
    txnType: '01', txnSubType: '01', bizType: '000201', orderId, txnTime, txnAmt: '1000', currencyCode: '156', backUrl: `${merchant.url}/up/${orderId}`, ...extra,
  });
  const query = (orderId, txnTime) => post('queryTrans.do', { txnType: '00', txnSubType: '00', bizType: '000000', orderId, txnTime });

  test('should pay via appTransReq tn, notify backUrl signed, and answer queries', async () => {
    const orderId = newId();
    const txnTime = cstCompact(Date.now());
    const app = await post('appTransReq.do', consume(orderId, txnTime));
    assert.equal(app.answer.respCode, '00');
    assert.match(app.answer.tn, /^\d{21}$/);
    assert.equal(app.valid, true);
    assert.equal(app.answer.certId, U.platformCertId);
    assert.equal((await query(orderId, txnTime)).answer.respCode, '34'); // not paid yet

    await control(sandbox, 'POST', `/orders/unionpay/${orderId}/pay`);
    const [note] = await eventually(() => merchant.on(`/up/${orderId}`).length && merchant.on(`/up/${orderId}`));
    const fields = Object.fromEntries(new URLSearchParams(note.body));
    assert.equal(unionpayVerify(fields, U.platformPublicKeyPem), true);
    assert.deepEqual([fields.respCode, fields.txnType, fields.txnAmt, fields.orderId], ['00', '01', '1000', orderId]);

    const q = await query(orderId, txnTime);
    assert.equal(q.valid, true);
    assert.deepEqual([q.answer.respCode, q.answer.origRespCode, q.answer.queryId], ['00', '00', fields.queryId]);
  });

  test('should send a browser from frontTransReq to the cashier and back to frontUrl', async () => {
    const orderId = newId();
    const front = await post('frontTransReq.do', consume(orderId, cstCompact(Date.now()), { frontUrl: 'https://shop.example/up-back' }));
    assert.equal(front.res.status, 302);
    const page = await (await fetch(front.res.headers.get('location'))).text();
    assert.match(page, /¥10\.00/);
    const confirm = await fetch(`${sandbox.url}/cashier/unionpay/${orderId}/confirm`, { method: 'POST', redirect: 'manual' });
    assert.equal(confirm.headers.get('location'), 'https://shop.example/up-back');
    await eventually(() => merchant.on(`/up/${orderId}`).length);
  });

  test('should refuse a bad signature (11), a changed duplicate (12) and an unknown query (34)', async () => {
    const orderId = newId();
    const txnTime = cstCompact(Date.now());
    const forged = await post('appTransReq.do', consume(orderId, txnTime), CREDS.wechatpay.privateKeyPem);
    assert.equal(forged.answer.respCode, '11');
    assert.equal(forged.valid, true);
    await post('appTransReq.do', consume(orderId, txnTime));
    assert.equal((await post('appTransReq.do', consume(orderId, txnTime, { txnAmt: '999' }))).answer.respCode, '12');
    assert.equal((await query('NOPE00000001', txnTime)).answer.respCode, '34');
  });

  test('should accept a refund, settle it and notify its result', async () => {
    const orderId = newId();
    const txnTime = cstCompact(Date.now());
    await post('appTransReq.do', consume(orderId, txnTime));
    await control(sandbox, 'POST', `/orders/unionpay/${orderId}/pay`);
    const paid = (await control(sandbox, 'GET', `/orders/unionpay/${orderId}`)).body;
    const refundId = `${orderId}R`;
    const refund = { txnType: '04', txnSubType: '00', bizType: '000201', orderId: refundId, origQryId: paid.channelTradeNo, txnTime, txnAmt: '400', backUrl: `${merchant.url}/upr/${orderId}` };
    const accepted = await post('backTransReq.do', refund);
    assert.equal(accepted.answer.respCode, '00');
    assert.equal((await post('backTransReq.do', { ...refund, orderId: `${orderId}S`, txnAmt: '601' })).answer.respCode, '35');
    const [note] = await eventually(() => merchant.on(`/upr/${orderId}`).length && merchant.on(`/upr/${orderId}`));
    const fields = Object.fromEntries(new URLSearchParams(note.body));
    assert.equal(unionpayVerify(fields, U.platformPublicKeyPem), true);
    assert.deepEqual([fields.txnType, fields.respCode, fields.txnAmt, fields.origQryId], ['04', '00', '400', paid.channelTradeNo]);
    const q = await query(refundId, txnTime);
    assert.deepEqual([q.answer.respCode, q.answer.origRespCode, q.answer.txnType], ['00', '00', '04']);
  });
});
