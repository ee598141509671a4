/**
 * Merchant self-onboarding (sign-up, KYC with its two images, resubmission, first steps), the claim QR and the
 * card-face fields, with the real API clients; only src/platform/* is faked (and reading a picked file).
 */
import './support/platform-mocks'
import { TextEncoder } from 'node:util'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { KycSubmission, MerchantView, StoreView, UploadedFileView } from '@jucard/shared'
import { FirstSteps } from '@/features/merchant-admin/onboarding/FirstSteps'
import { KycForm } from '@/features/merchant-admin/onboarding/KycForm'
import { SignUpForm } from '@/features/merchant-admin/onboarding/SignUpForm'
import { ProductList } from '@/features/merchant-admin/products/ProductList'
import { ADMIN_DASHBOARD_PAGE, ADMIN_KYC_PAGE } from '@/features/merchant-admin/routes'
import { claimEntryOf, claimScene } from '@/platform/claim-entry'
import { aProduct } from './support/fixtures'
import { dialog, fakeBff, navigation } from './support/fake-platform'

// qrcode encodes with TextEncoder, which jsdom leaves out
Object.assign(globalThis, { TextEncoder })
jest.mock('@/platform/h5/read-file', () => ({ readAsBase64: jest.fn(async () => 'iVBORw0KGgo=') }))


beforeEach(() => {
  fakeBff.reset({ signedIn: ['staff'] })
})

const merchant = (overrides: Partial<MerchantView> = {}): MerchantView => ({
  id: 'm-1',
  displayName: '青禾烘焙',
  status: 'DRAFT',
  kyc: null,
  rejectReason: null,
  feeRateBps: null,
  kycDocuments: null,
  createdAt: '2026-11-25T01:00:00.000Z',
  ...overrides
})

const submitted: KycSubmission = {
  companyName: '上海青禾烘焙有限公司',
  creditCode: '91350100M000100Y43',
  legalRepresentative: '王青禾',
  contactName: '王青禾',
  contactPhone: '13912345678',
  settlementAccountName: '上海青禾烘焙有限公司',
  settlementAccountNo: '6222020200112233445',
  settlementBankName: '中国银行上海分行',
  businessLicenceFileId: 'f-licence',
  legalRepIdFileId: 'f-id'
}

function answerUploads() {
  let n = 0
  fakeBff.on('POST /merchant/files', (request) => {
    const { purpose } = request.body as { purpose: UploadedFileView['purpose'] }
    const id = `f-${++n}`
    return { status: 201, body: { id, purpose, contentType: 'image/png', sizeBytes: 8, url: `/files/${id}?expires=1&signature=s` } satisfies UploadedFileView }
  })
}

const png = (name: string, size = 8) => {
  const file = new File([new Uint8Array(size)], name, { type: 'image/png' })
  return file
}

describe('商户资料 (KYC)', () => {
  test('says what is missing in words, sends nothing, then submits the form with both uploaded images after a confirmation', async () => {
    answerUploads()
    fakeBff.on('PUT /merchant/kyc', (request) => ({ status: 200, body: merchant({ status: 'PENDING_REVIEW', kyc: request.body as KycSubmission }) }))
    render(<KycForm merchant={merchant()} />)

    fireEvent.click(screen.getByRole('button', { name: '提交审核' }))
    expect(await screen.findByText('请上传营业执照照片')).toBeTruthy()
    expect(screen.getByText('统一社会信用代码应为 18 位，请对照营业执照核对')).toBeTruthy()
    expect(fakeBff.calls('PUT /merchant/kyc')).toHaveLength(0)

    const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } })
    type('公司名称', submitted.companyName)
    type('统一社会信用代码', submitted.creditCode.toLowerCase())
    type('法定代表人', submitted.legalRepresentative)
    type('联系人', submitted.contactName)
    type('联系人手机号', submitted.contactPhone)
    type('结算账户户名', submitted.settlementAccountName)
    type('结算银行账号', '6222 0202 0011 2233 445')
    type('开户银行', submitted.settlementBankName)
    fireEvent.change(screen.getByLabelText('营业执照'), { target: { files: [png('licence.png')] } })
    expect(await screen.findByAltText('营业执照预览')).toHaveProperty('src', expect.stringContaining('/files/f-1?expires=1'))
    fireEvent.change(screen.getByLabelText('法定代表人身份证（人像面）'), { target: { files: [png('id.png')] } })
    await screen.findByAltText('法定代表人身份证（人像面）预览')

    fireEvent.click(screen.getByRole('button', { name: '提交审核' }))
    await waitFor(() => expect(navigation.replacePage).toHaveBeenCalledWith(ADMIN_DASHBOARD_PAGE))
    expect(dialog.confirmDialog).toHaveBeenCalledTimes(1)
    expect(fakeBff.calls('POST /merchant/files').map((r) => (r.body as { purpose: string }).purpose)).toEqual(['BUSINESS_LICENCE', 'LEGAL_REP_ID'])
    expect(fakeBff.calls('PUT /merchant/kyc')[0]?.body).toEqual({ ...submitted, businessLicenceFileId: 'f-1', legalRepIdFileId: 'f-2' })
  })

  test('sends nothing when the owner cancels the confirmation', async () => {
    dialog.confirmAnswer = false
    fakeBff.on('PUT /merchant/kyc', () => ({ status: 200, body: merchant({ status: 'PENDING_REVIEW' }) }))
    render(<KycForm merchant={merchant({ status: 'REJECTED', kyc: submitted, kycDocuments: { businessLicenceUrl: '/files/f-licence?s', legalRepIdUrl: '/files/f-id?s' } })} />)
    fireEvent.click(screen.getByRole('button', { name: '提交审核' }))
    await waitFor(() => expect(dialog.confirmDialog).toHaveBeenCalled())
    expect(fakeBff.calls('PUT /merchant/kyc')).toHaveLength(0)
  })

  test("shows the operator's reason after a rejection and offers the last submission, images included, to correct", async () => {
    fakeBff.on('PUT /merchant/kyc', (request) => ({ status: 200, body: merchant({ status: 'PENDING_REVIEW', kyc: request.body as KycSubmission }) }))
    render(<KycForm merchant={merchant({ status: 'REJECTED', rejectReason: '营业执照照片不清晰', kyc: submitted, kycDocuments: { businessLicenceUrl: '/files/f-licence?s', legalRepIdUrl: '/files/f-id?s' } })} />)
    expect(screen.getByText(/原因：营业执照照片不清晰/)).toBeTruthy()
    expect(screen.getByRole('heading', { name: '修改资料并重新提交' })).toBeTruthy()
    expect(screen.getByLabelText<HTMLInputElement>('公司名称').value).toBe(submitted.companyName)
    expect(screen.getByAltText('营业执照预览')).toHaveProperty('src', expect.stringContaining('/files/f-licence'))
    fireEvent.click(screen.getByRole('button', { name: '提交审核' }))
    await waitFor(() => expect(fakeBff.calls('PUT /merchant/kyc')).toHaveLength(1))
    expect(fakeBff.calls('PUT /merchant/kyc')[0]?.body).toMatchObject({ businessLicenceFileId: 'f-licence', legalRepIdFileId: 'f-id' })
  })

  test("shows the platform's own words when an upload is refused, and refuses an over-size file before sending it", async () => {
    fakeBff.on('POST /merchant/files', () => ({ status: 415, body: { code: 'FILE_TYPE_NOT_ALLOWED', messageZh: '只能上传 JPG、PNG 或 WebP 格式的图片' } }))
    render(<KycForm merchant={merchant()} />)
    fireEvent.change(screen.getByLabelText('营业执照'), { target: { files: [png('licence.pdf')] } })
    expect((await screen.findByRole('alert')).textContent).toBe('只能上传 JPG、PNG 或 WebP 格式的图片')
    fireEvent.change(screen.getByLabelText('法定代表人身份证（人像面）'), { target: { files: [png('huge.png', 4 * 1024 * 1024 + 1)] } })
    expect(await screen.findByText('图片太大，请选择 4MB 以内的图片')).toBeTruthy()
    expect(fakeBff.calls('POST /merchant/files')).toHaveLength(1)
  })

  test('says the review is under way instead of a form while it is', () => {
    render(<KycForm merchant={merchant({ status: 'PENDING_REVIEW', kyc: submitted })} />)
    expect(screen.getByText(/审核期间资料不能修改/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: '提交审核' })).toBeNull()
  })
})

describe('商户入驻', () => {
  /** Fills the sign-up form (the second password as typed again) and sends it. */
  const signUp = (username: string, password: string, again = password) => {
    fireEvent.change(screen.getByLabelText('店铺名称'), { target: { value: '青禾烘焙' } })
    fireEvent.change(screen.getByLabelText('店主登录账号'), { target: { value: username } })
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: password } })
    fireEvent.change(screen.getByLabelText('再次输入密码'), { target: { value: again } })
    fireEvent.click(screen.getByRole('button', { name: '注册并填写资料' }))
  }

  test('registers the owner, signs them in and goes on to the KYC form', async () => {
    fakeBff.on('POST /merchants/register', () => ({ status: 201, body: merchant() }))
    fakeBff.on('POST /auth/staff/login', () => ({ status: 200, body: { accessToken: 'a', refreshToken: 'r', expiresIn: 900 } }))
    render(<SignUpForm />)
    signUp('QingHe-Owner', 'bake-2026!', 'bake-2026?')
    expect(await screen.findByText('两次输入的密码不一致')).toBeTruthy()
    expect(fakeBff.calls('POST /merchants/register')).toHaveLength(0)

    fireEvent.change(screen.getByLabelText('再次输入密码'), { target: { value: 'bake-2026!' } })
    fireEvent.click(screen.getByRole('button', { name: '注册并填写资料' }))
    await waitFor(() => expect(navigation.replacePage).toHaveBeenCalledWith(ADMIN_KYC_PAGE))
    expect(fakeBff.calls('POST /merchants/register')[0]?.body).toEqual({ displayName: '青禾烘焙', username: 'qinghe-owner', password: 'bake-2026!' })
  })

  test('says a taken username in words and stays on the form', async () => {
    fakeBff.on('POST /merchants/register', () => ({ status: 409, body: { code: 'USERNAME_TAKEN', messageZh: '用户名已被使用' } }))
    render(<SignUpForm />)
    signUp('qinghe', 'bake-2026!')
    expect(await screen.findByText('用户名已被使用')).toBeTruthy()
    expect(navigation.replacePage).not.toHaveBeenCalled()
  })
})

describe('开店第一步', () => {
  test('starts a new merchant at the KYC step', () => {
    render(<FirstSteps merchant={merchant()} />)
    const list = within(screen.getByRole('list'))
    expect(list.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      expect.stringContaining('提交商户资料'),
      expect.stringContaining('开设门店'),
      expect.stringContaining('创建会员卡'),
      expect.stringContaining('添加收银员'),
      expect.stringContaining('张贴领卡二维码')
    ])
    fireEvent.click(list.getByRole('button', { name: '去提交' }))
    expect(navigation.replacePage).toHaveBeenCalledWith(ADMIN_KYC_PAGE)
  })

  test('ticks off what an approved merchant has done and offers the rest', async () => {
    fakeBff.on('GET /merchant/card-products', () => ({ status: 200, body: [] }))
    fakeBff.on('GET /merchant/stores', () => ({ status: 200, body: [{ id: 's-1', merchantId: 'm-1', name: '静安店', address: '上海' }] }))
    fakeBff.on('GET /merchant/staff-members', () => ({ status: 200, body: [{ id: 'o' }] }))
    render(<FirstSteps merchant={merchant({ status: 'APPROVED' })} />)
    await waitFor(() => expect(screen.getByText('开设门店').textContent).toContain('已完成'))
    expect(screen.getByText('提交商户资料').textContent).toContain('已完成')
    expect(screen.getByRole('button', { name: '新建卡产品' })).toBeTruthy()
    expect(screen.getByRole('button', { name: '添加员工' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: '打印二维码' })).toBeNull()
  })
})

describe('领卡二维码', () => {
  const stores: StoreView[] = [{ id: '5a1b2c3d-0000-4000-8000-000000000001', merchantId: 'm-1', name: '静安店', address: '上海' }]

  test('offers the claim link and a printable QR for the whole merchant or one store', async () => {
    fakeBff.on('GET /merchant/card-products', () => ({ status: 200, body: [aProduct({ claimToken: 'tok_abcdefghijklmnop1234' })] }))
    fakeBff.on('GET /merchant/stores', () => ({ status: 200, body: stores }))
    render(<ProductList />)
    fireEvent.click(await screen.findByRole('button', { name: '领卡二维码' }))
    const sheet = within(screen.getByRole('dialog'))
    expect(sheet.getByLabelText('领卡链接').textContent).toMatch(/\/app\/#\/pages\/claim\/index\?token=tok_abcdefghijklmnop1234$/)
    expect(await sheet.findByAltText('储值卡的领卡二维码')).toHaveProperty('src', expect.stringMatching(/^data:image\/svg\+xml;base64,/))

    fireEvent.change(sheet.getByLabelText('张贴在'), { target: { value: stores[0]?.id } })
    expect(sheet.getByLabelText('领卡链接').textContent).toContain(`&store=${stores[0]?.id}`)
    expect(sheet.getByText('微信扫一扫，领取会员卡 · 静安店')).toBeTruthy()
  })

  test.each([
    ['an H5 link', { token: 'tok_abcdefghijklmnop1234', store: 's-1', scene: '' }, { token: 'tok_abcdefghijklmnop1234', store: 's-1' }],
    ['a mini-program code for a product', { token: '', store: '', scene: 'tok_abcdefghijklmnop1234' }, { token: 'tok_abcdefghijklmnop1234', store: '' }],
    ['a mini-program code for a store', { token: '', store: '', scene: encodeURIComponent(claimScene('tok_abcdefghijklmnop1234', '5a1b2c3d-0000')) }, { token: 'tok_abcdefghijklmnop1234', store: '5a1b2c3' }],
    ['a scene that is not ours', { token: '', store: '', scene: encodeURIComponent('a=1&b=<script>') }, { token: '', store: '' }]
  ])('reads the claim from %s', (_label, params, expected) => {
    expect(claimEntryOf(params)).toEqual(expected)
    expect(claimScene('tok_abcdefghijklmnop1234', '5a1b2c3d-0000-4000-8000-000000000001').length).toBeLessThanOrEqual(32)
  })
})
