import { useEffect, useState } from 'react'
import { CARD_KINDS, DEDUCTION_RULES, formatYuan, type CardKind, type CardProductView, type DeductionRule, type StoreView } from '@jucard/shared'
import { replacePage } from '@/platform/navigation'
import { failureMessageZh, type ApiResult } from '../../api'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import { ConsoleCard } from '../../console/ConsoleCard'
import { Button, Checkbox, Notice, SelectField, TextArea, TextField } from '../../console/controls'
import { CARD_KIND_ZH, DEDUCTION_RULE_ZH } from '../../console/labels'
import { useCheckedSubmit } from '../../console/use-checked-submit'
import { StatePanel } from '../../ui/StatePanel'
import { ADMIN_PRODUCTS_PAGE } from '../routes'
import { checkDraft, COVER_STYLES, draftFromProduct, emptyDraft, MAX_BALANCE_CAP_FEN, MAX_TIERS, pointsValidityOptions, type ProductDraft } from './product-form'
import { CardFaceImages } from '../../wallet/CardFaceImages'
import { coverClass } from '../../wallet/CardTile'
import { ImageUpload } from '../onboarding/ImageUpload'
import './products.css'

type Loaded = { status: 'loading' } | { status: 'failed'; messageZh: string } | { status: 'ready'; product: CardProductView | null; stores: StoreView[] }

/** New product (no id) or an edit of one: loads what the form needs, then shows it. */
export function ProductEditor({ productId, merchantName }: { productId: string; merchantName: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' })

  async function load() {
    setLoaded({ status: 'loading' })
    const [product, stores] = await Promise.all([
      productId ? merchantAdminApi.getProduct(productId) : Promise.resolve<ApiResult<null>>({ ok: true, data: null }),
      merchantAdminApi.listStores()
    ])
    if (!product.ok) return setLoaded({ status: 'failed', messageZh: failureMessageZh(product.failure) })
    if (!stores.ok) return setLoaded({ status: 'failed', messageZh: failureMessageZh(stores.failure) })
    setLoaded({ status: 'ready', product: product.data, stores: stores.data })
  }

  useEffect(() => {
    void load()
  }, [productId]) // eslint-disable-line react-hooks/exhaustive-deps

  if (loaded.status === 'loading') return <StatePanel kind='loading' />
  if (loaded.status === 'failed') return <StatePanel kind='error' text={loaded.messageZh} onRetry={() => void load()} />
  return <ProductForm product={loaded.product} stores={loaded.stores} merchantName={merchantName} />
}

function ProductForm({ product, stores, merchantName }: { product: CardProductView | null; stores: StoreView[]; merchantName: string }) {
  const [draft, setDraft] = useState<ProductDraft>(() => (product ? draftFromProduct(product) : emptyDraft()))
  const { errors, failure, saving, submit: save } = useCheckedSubmit({
    check: () => checkDraft(draft),
    incomplete: '还有内容需要修改，请看标红的地方',
    send: (input) => (product ? merchantAdminApi.updateProduct(product.id, input) : merchantAdminApi.createProduct(input)),
    done: () => replacePage(ADMIN_PRODUCTS_PAGE)
  })
  const change = <K extends keyof ProductDraft>(key: K, value: ProductDraft[K]) => setDraft((current) => ({ ...current, [key]: value }))
  const changeTier = (index: number, key: 'pay' | 'bonus', value: string) =>
    setDraft((current) => ({ ...current, tiers: current.tiers.map((tier, i) => (i === index ? { ...tier, [key]: value } : tier)) }))

  const cap = MAX_BALANCE_CAP_FEN[draft.kind]
  return (
    <ConsoleCard className='product-form' title={product ? `编辑「${product.name}」` : '新建卡产品'} titleClassName='product-form__title'>
      {product && <p className='console-card__note'>修改只影响之后的充值；顾客卡上已有的余额不变。</p>}
      <div className='console-form'>
        <TextField label='卡名称' value={draft.name} onChange={(v) => change('name', v)} maxLength={64} error={errors.name} placeholder='例如：莲花健身储值卡' />
        <SelectField label='卡面颜色' value={draft.coverStyle} options={COVER_STYLES} onChange={(v) => change('coverStyle', v)} />
        <SelectField
          label='卡类型'
          value={draft.kind}
          options={CARD_KINDS.map((kind) => ({ value: kind, label: CARD_KIND_ZH[kind] }))}
          onChange={(v) => change('kind', v as CardKind)}
        />
        <TextField
          label='余额上限（元）'
          value={draft.maxBalance}
          onChange={(v) => change('maxBalance', v)}
          inputMode='decimal'
          placeholder={`不填即 ${formatYuan(cap, { symbol: false })}`}
          hint={`${CARD_KIND_ZH[draft.kind]}最高 ${formatYuan(cap)}`}
          error={errors.maxBalance}
        />
        {draft.kind === 'ANONYMOUS' && (
          <TextField
            label='有效期（月）'
            value={draft.validityMonths}
            onChange={(v) => change('validityMonths', v)}
            inputMode='numeric'
            placeholder='不填即 36'
            hint='不记名卡至少 36 个月'
            error={errors.validityMonths}
          />
        )}
        <SelectField
          label='消费扣款方式'
          value={draft.deductionRule}
          options={DEDUCTION_RULES.map((rule) => ({ value: rule, label: DEDUCTION_RULE_ZH[rule] }))}
          onChange={(v) => change('deductionRule', v as DeductionRule)}
        />
        <TextField label='每消费 1 元得积分' value={draft.pointsPerYuan} onChange={(v) => change('pointsPerYuan', v)} inputMode='numeric' error={errors.pointsPerYuan} />
        <SelectField
          label='积分有效期'
          value={draft.pointsValidYears}
          options={pointsValidityOptions(draft.pointsValidYears)}
          onChange={(v) => change('pointsValidYears', v)}
          hint='按获得的年份计算，先得的积分先用；到期未用的积分自动作废'
        />
      </div>

      <fieldset className='product-form__group product-form__face'>
        <legend className='product-form__legend'>卡面</legend>
        <div className='product-form__face-body'>
          <div>
            <ImageUpload label='商户标志（可选）' hint='方形图片效果最好；JPG、PNG 或 WebP，4MB 以内' purpose='CARD_LOGO' value={draft.logo} onChange={(v) => change('logo', v)} />
            <ImageUpload label='封面图（可选）' hint='横向图片，约 16:10；不上传则使用卡面颜色' purpose='CARD_COVER' value={draft.cover} onChange={(v) => change('cover', v)} />
          </div>
          <div className='product-form__preview' aria-label='顾客看到的卡面预览'>
            <span className='product-form__preview-label'>顾客看到的卡面</span>
            <div className={`card-tile card-cover ${coverClass(draft.coverStyle)} product-form__preview-card`}>
              <CardFaceImages logoUrl={draft.logo?.url ?? null} coverUrl={draft.cover?.url ?? null} />
              <span className='card-tile__merchant'>{merchantName}</span>
              <span className='card-tile__name'>{draft.name || '会员卡名称'}</span>
              <span className='card-tile__total'>¥0.00</span>
            </div>
          </div>
        </div>
      </fieldset>

      <fieldset className='product-form__group'>
        <legend className='product-form__legend'>充值档位</legend>
        {errors.tiers && <Notice tone='error'>{errors.tiers}</Notice>}
        {draft.tiers.map((tier, i) => (
          <div key={i} className='product-form__tier'>
            <TextField label={`档位 ${i + 1} 充值（元）`} value={tier.pay} onChange={(v) => changeTier(i, 'pay', v)} inputMode='decimal' error={errors[`tiers.${i}.pay`]} />
            <TextField label='赠送（元）' value={tier.bonus} onChange={(v) => changeTier(i, 'bonus', v)} inputMode='decimal' error={errors[`tiers.${i}.bonus`]} />
            <Button variant='plain' className='product-form__remove' onClick={() => change('tiers', draft.tiers.filter((_, j) => j !== i))}>
              删除
            </Button>
          </div>
        ))}
        {draft.tiers.length < MAX_TIERS && (
          <Button onClick={() => change('tiers', [...draft.tiers, { pay: '', bonus: '0' }])}>添加档位</Button>
        )}
        <div className='console-form product-form__custom'>
          <Checkbox label='允许顾客自定义充值金额' checked={draft.allowCustomAmount} onChange={(v) => change('allowCustomAmount', v)} />
          <TextField label='最低充值（元）' value={draft.minTopUp} onChange={(v) => change('minTopUp', v)} inputMode='decimal' error={errors.minTopUp} />
        </div>
      </fieldset>

      <fieldset className='product-form__group'>
        <legend className='product-form__legend'>适用门店</legend>
        <Checkbox label='全部门店通用' checked={draft.storeIds.length === 0} onChange={(all) => change('storeIds', all ? [] : stores.slice(0, 1).map((s) => s.id))} />
        {draft.storeIds.length > 0 &&
          stores.map((store) => (
            <Checkbox
              key={store.id}
              label={store.name}
              checked={draft.storeIds.includes(store.id)}
              onChange={(on) => change('storeIds', on ? [...draft.storeIds, store.id] : draft.storeIds.filter((id) => id !== store.id))}
            />
          ))}
      </fieldset>

      <TextArea label='使用说明（顾客可见）' value={draft.description} onChange={(v) => change('description', v)} maxLength={2000} error={errors.description} />
      <TextArea
        label={`预付卡章程 / 充值协议（领卡和充值前向顾客展示${product?.contract ? `，当前第 ${product.contract.version} 版，修改后生成新版本` : ''}）`}
        value={draft.terms}
        onChange={(v) => change('terms', v)}
        maxLength={20000}
        error={errors.terms}
      />

      {failure && <Notice tone='error'>{failure}</Notice>}
      <div className='console-actions product-form__actions'>
        <Button variant='primary' busyText={saving ? '正在保存…' : null} onClick={() => void save()}>
          {product ? '保存修改' : '创建卡产品'}
        </Button>
        <Button variant='plain' disabled={saving} onClick={() => void replacePage(ADMIN_PRODUCTS_PAGE)}>
          取消
        </Button>
      </div>
    </ConsoleCard>
  )
}
