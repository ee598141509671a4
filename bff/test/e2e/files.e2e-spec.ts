import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CardProductView, CardView, MerchantView, UploadedFileView } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { solidPng } from '../../src/files/solid-png';
import { actors, bearer, productInput, unique, validKyc } from '../factories/actors';
import { useTestApp } from '../support/app-hooks';

const uploadsDir = mkdtempSync(join(tmpdir(), 'jucard-uploads-'));
const png = solidPng(4, 4, [10, 20, 30]);
// a JPEG's magic bytes and enough of a header for the sniffer
const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb', 'hex');

describe('uploads: KYC images and card faces (e2e)', () => {
  const t = useTestApp({ UPLOADS_DIR: uploadsDir });
  const a = actors(t);
  const rows = async () => Number((await t.app.get(DataSource).query<Array<{ n: unknown }>>('SELECT COUNT(*) AS n FROM uploaded_files'))[0]?.n);
  /** GET of a path the API answered with (it may carry a query string). */
  const open = (url: string) => t.http.get(url).buffer(true).parse((res, done) => {
    const parts: Buffer[] = [];
    res.on('data', (part: Buffer) => parts.push(part));
    res.on('end', () => done(null, Buffer.concat(parts)));
  });

  it('should keep an image under a random key and serve it back only through its signed link', async () => {
    const { owner } = await a.registeredMerchant();
    const file = (await t.http.post('/merchant/files').set(bearer(owner)).send({ purpose: 'BUSINESS_LICENCE', contentBase64: png.toString('base64') }).expect(201)).body as UploadedFileView;
    expect(file).toMatchObject({ purpose: 'BUSINESS_LICENCE', contentType: 'image/png', sizeBytes: png.length });
    expect(file.url).toMatch(new RegExp(`^/files/${file.id}\\?expires=\\d+&signature=[A-Za-z0-9_-]{43}$`));

    const served = await open(file.url).expect(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(served.body as Buffer, png)).toBe(0);

    expect((await t.http.get(`/files/${file.id}`).expect(404)).body.code).toBe('FILE_NOT_FOUND');
    const tampered = file.url.replace(/signature=./, (s) => (s.endsWith('A') ? `${s.slice(0, -1)}B` : `${s.slice(0, -1)}A`));
    expect((await t.http.get(tampered).expect(404)).body.code).toBe('FILE_NOT_FOUND');
    const stored = await t.app.get(DataSource).query<Array<{ storage_key: string }>>('SELECT storage_key FROM uploaded_files WHERE id = ?', [file.id]);
    expect(stored[0]?.storage_key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(stored[0]?.storage_key).not.toContain(file.id);
  });

  it.each([
    ['a text file', Buffer.from('just some text, not an image'), 415, 'FILE_TYPE_NOT_ALLOWED'],
    ['a program renamed as an image', Buffer.from('7f454c4602010100000000000000000002003e00', 'hex'), 415, 'FILE_TYPE_NOT_ALLOWED'],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), 415, 'FILE_TYPE_NOT_ALLOWED'],
    ['an image over 4 MB', Buffer.concat([png, Buffer.alloc(4 * 1024 * 1024)]), 413, 'FILE_TOO_LARGE'],
  ])('should refuse %s and store nothing', async (_label, bytes, status, code) => {
    const { owner } = await a.registeredMerchant();
    const before = await rows();
    const res = await t.http.post('/merchant/files').set(bearer(owner)).send({ purpose: 'LEGAL_REP_ID', contentBase64: bytes.toString('base64') }).expect(status);
    expect(res.body).toMatchObject({ code, requestId: expect.any(String) });
    expect(res.body.messageZh).toMatch(/图片/);
    expect(await rows()).toBe(before);
  });

  it('should take a JPEG, and refuse a purpose it does not know or a body that is not base64', async () => {
    const { owner } = await a.registeredMerchant();
    expect((await t.http.post('/merchant/files').set(bearer(owner)).send({ purpose: 'CARD_LOGO', contentBase64: jpeg.toString('base64') }).expect(201)).body.contentType).toBe('image/jpeg');
    expect((await t.http.post('/merchant/files').set(bearer(owner)).send({ purpose: 'AVATAR', contentBase64: png.toString('base64') }).expect(422)).body.errors.purpose).toBeDefined();
    expect((await t.http.post('/merchant/files').set(bearer(owner)).send({ purpose: 'CARD_LOGO', contentBase64: '%%%' }).expect(422)).body.errors.contentBase64).toBeDefined();
  });

  it('should let only owners and managers upload', async () => {
    const { owner } = await a.approvedMerchant();
    const cashierName = unique('c');
    await t.http.post('/merchant/staff').set(bearer(owner)).send({ username: cashierName, password: 'cashier-password', displayName: '收银', role: 'CASHIER', storeIds: [] }).expect(201);
    const cashier = await a.staffLogin(cashierName, 'cashier-password');
    await t.http.post('/merchant/files').set(bearer(cashier)).send({ purpose: 'CARD_LOGO', contentBase64: png.toString('base64') }).expect(403);
    await t.http.post('/merchant/files').send({ purpose: 'CARD_LOGO', contentBase64: png.toString('base64') }).expect(401);
  });

  it('should require both KYC images, of this merchant and for their own place', async () => {
    const mine = await a.registeredMerchant();
    const theirs = await a.registeredMerchant();
    const missing = await t.http.put('/merchant/kyc').set(bearer(mine.owner)).send({ ...validKyc(), businessLicenceFileId: undefined, legalRepIdFileId: undefined }).expect(422);
    expect(Object.keys(missing.body.errors)).toEqual(expect.arrayContaining(['businessLicenceFileId', 'legalRepIdFileId']));

    const foreign = await a.upload(theirs.owner, 'BUSINESS_LICENCE');
    const ownId = await a.upload(mine.owner, 'LEGAL_REP_ID');
    const stolen = await t.http.put('/merchant/kyc').set(bearer(mine.owner)).send(validKyc({ businessLicenceFileId: foreign.id, legalRepIdFileId: ownId.id })).expect(422);
    expect(stolen.body.errors.businessLicenceFileId).toBeDefined();
    // the ID card where the licence belongs
    const swapped = await t.http.put('/merchant/kyc').set(bearer(mine.owner)).send(validKyc({ businessLicenceFileId: ownId.id, legalRepIdFileId: ownId.id })).expect(422);
    expect(swapped.body.errors.businessLicenceFileId).toBeDefined();
    expect((await t.http.get('/merchant').set(bearer(mine.owner)).expect(200)).body).toMatchObject({ status: 'DRAFT', kyc: null, kycDocuments: null });
  });

  it("should show the KYC images to the merchant's owner and to the operator reviewing it", async () => {
    const { merchant, owner } = await a.registeredMerchant();
    const submitted = (await t.http.put('/merchant/kyc').set(bearer(owner)).send(await a.kyc(owner)).expect(200)).body as MerchantView;
    expect(submitted.kycDocuments).not.toBeNull();
    await open(submitted.kycDocuments?.businessLicenceUrl ?? '').expect(200);

    const ops = await a.operator();
    const queue = (await t.http.get('/operator/merchants?status=PENDING_REVIEW').set(bearer(ops)).expect(200)).body as MerchantView[];
    const waiting = queue.find((m) => m.id === merchant.id);
    expect(Buffer.compare((await open(waiting?.kycDocuments?.legalRepIdUrl ?? '').expect(200)).body as Buffer, solidPng(8, 8, [40, 120, 90]))).toBe(0);
  });

  it("should put a logo and a cover on a product and on the consumer's card, served to anyone", async () => {
    const { owner, product } = await a.approvedMerchant();
    const logo = await a.upload(owner, 'CARD_LOGO');
    const cover = await a.upload(owner, 'CARD_COVER', jpeg);
    expect(logo.url).toBe(`/files/${logo.id}`);

    const edited = (await t.http.put(`/merchant/card-products/${product.id}`).set(bearer(owner)).send(productInput({ logoFileId: logo.id, coverFileId: cover.id })).expect(200)).body as CardProductView;
    expect(edited).toMatchObject({ logoFileId: logo.id, coverFileId: cover.id, logoUrl: `/files/${logo.id}`, coverUrl: `/files/${cover.id}` });

    const consumer = await a.consumer();
    expect((await t.http.get(`/claim/${product.claimToken}`).expect(200)).body).toMatchObject({ logoUrl: `/files/${logo.id}`, coverUrl: `/files/${cover.id}` });
    const card = (await t.http.post('/me/cards').set(bearer(consumer)).send({ claimToken: product.claimToken }).expect(201)).body as CardView;
    expect(card).toMatchObject({ logoUrl: `/files/${logo.id}`, coverUrl: `/files/${cover.id}` });
    expect((await open(card.coverUrl ?? '').expect(200)).headers['content-type']).toBe('image/jpeg');

    const removed = (await t.http.put(`/merchant/card-products/${product.id}`).set(bearer(owner)).send(productInput({ logoFileId: null })).expect(200)).body as CardProductView;
    expect(removed).toMatchObject({ logoUrl: null, coverUrl: null });
  });

  it("should refuse a KYC image or another merchant's image as a card face", async () => {
    const mine = await a.approvedMerchant();
    const theirs = await a.approvedMerchant();
    const licence = await a.upload(mine.owner, 'BUSINESS_LICENCE');
    const foreignLogo = await a.upload(theirs.owner, 'CARD_LOGO');
    const asLogo = await t.http.put(`/merchant/card-products/${mine.product.id}`).set(bearer(mine.owner)).send(productInput({ logoFileId: licence.id })).expect(422);
    expect(asLogo.body.errors.logoFileId).toBeDefined();
    const foreign = await t.http.post('/merchant/card-products').set(bearer(mine.owner)).send(productInput({ coverFileId: foreignLogo.id })).expect(422);
    expect(foreign.body.errors.coverFileId).toBeDefined();
  });
});
