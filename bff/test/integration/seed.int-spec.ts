import type { MerchantView, TokenPair } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { DEMO, seedDemo } from '../../src/cli/demo-data';
import { bearer } from '../factories/actors';
import { useTestApp } from '../support/app-hooks';

/** `npm run seed` through its own function, against the test database: the demo as a newcomer first opens it. */
describe('demo data (npm run seed)', () => {
  const t = useTestApp();

  const login = async (path: string, username: string, password: string) =>
    ((await t.http.post(path).send({ username, password }).expect(200)).body as TokenPair);

  it("should leave one merchant in the operator's 待审核 queue, with its KYC and both images, and change nothing when run again", async () => {
    const logins = await seedDemo(t.app);
    expect(logins.map((l) => l.username)).toEqual(expect.arrayContaining([DEMO.operator.username, DEMO.owner.username, DEMO.applicant.username]));

    const ops = await login('/auth/operator/login', DEMO.operator.username, DEMO.operator.password);
    const queue = (await t.http.get('/operator/merchants?status=PENDING_REVIEW').set(bearer(ops)).expect(200)).body as MerchantView[];
    const waiting = queue.filter((m) => m.displayName === DEMO.applicant.displayName);
    expect(waiting).toHaveLength(1);
    const applicant = waiting[0]!;
    expect(applicant.kyc).toMatchObject({ companyName: '上海青禾食品有限公司', legalRepresentative: '周青禾' });
    const documents = applicant.kycDocuments;
    if (!documents) throw new Error('the waiting merchant has no KYC images');
    for (const url of [documents.businessLicenceUrl, documents.legalRepIdUrl]) {
      const image = await t.http.get(url).expect(200);
      expect(image.headers['content-type']).toBe('image/png');
    }
    // the merchant's owner signs in and sees it is being reviewed
    const owner = await login('/auth/staff/login', DEMO.applicant.username, DEMO.applicant.password);
    expect(((await t.http.get('/merchant').set(bearer(owner)).expect(200)).body as MerchantView).status).toBe('PENDING_REVIEW');
    // the approved demo merchant is there too
    const lotus = await login('/auth/staff/login', DEMO.owner.username, DEMO.owner.password);
    expect(((await t.http.get('/merchant').set(bearer(lotus)).expect(200)).body as MerchantView).status).toBe('APPROVED');

    const db = t.app.get(DataSource);
    const count = async () => Number((await db.query<Array<{ n: number | string }>>('SELECT COUNT(*) AS n FROM merchants'))[0]?.n);
    const before = await count();
    await seedDemo(t.app);
    expect(await count()).toBe(before);
  });
});
