import { useState } from 'react'
import { businessDayOf, formatYuan, type CampaignResultsView, type CampaignView, type CouponTemplateView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Badge, Button, Notice, SelectField, TextField } from '../../console/controls'
import { Dialog, DialogActions } from '../../console/Dialog'
import { Figures } from '../../console/Figures'
import { RowActions } from '../../console/RowActions'
import { useCheckedSubmit } from '../../console/use-checked-submit'
import { useRowAction, type ListNotice } from '../../console/use-row-action'
import { Loading } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import { TeamList } from '../team/TeamList'
import { budgetText, CAMPAIGN_STATE_ZH, CHANNEL_SCOPE_ZH, checkCampaignDraft, emptyCampaignDraft, tierText, windowText, type CampaignDraft, type TierDraft } from './campaign-draft'
import { campaignsAdminApi } from './campaigns-client'
import { couponsAdminApi } from './coupons-client'

const STATE_TONE = { SCHEDULED: 'neutral', RUNNING: 'good', PAUSED: 'warn', EXHAUSTED: 'bad', ENDED: 'neutral' } as const

/** 充值活动: the merchant's top-up campaigns — create (after a confirmation), pause, resume, and each one's results. */
export function Campaigns() {
  const campaigns = useLoad(() => campaignsAdminApi.list(), [])
  const [creating, setCreating] = useState(false)
  const [showing, setShowing] = useState<CampaignView | null>(null)
  const [notice, setNotice] = useState<ListNotice>(null)

  function put(campaign: CampaignView) {
    if (campaigns.state.status !== 'ready') return
    const rest = campaigns.state.data.filter((c) => c.id !== campaign.id)
    campaigns.set(campaigns.state.data.some((c) => c.id === campaign.id) ? campaigns.state.data.map((c) => (c.id === campaign.id ? campaign : c)) : [campaign, ...rest])
  }

  const pause = useRowAction(setNotice, (c: CampaignView) => c.id, {
    confirm: (c) => ({ title: `暂停「${c.name}」？`, content: '暂停后新的充值不再参加活动；已经下单的充值仍按下单时的奖励发放。可以随时恢复。', confirmText: '确认暂停' }),
    act: (c) => campaignsAdminApi.pause(c.id),
    done(c, paused) {
      put(paused)
      return `「${c.name}」已暂停`
    }
  })
  const resume = useRowAction(setNotice, (c: CampaignView) => c.id, {
    confirm: () => null,
    act: (c) => campaignsAdminApi.resume(c.id),
    done(c, resumed) {
      put(resumed)
      return `「${c.name}」已恢复`
    }
  })

  const columns: Column<CampaignView>[] = [
    { header: '名称', rowHeader: true, cell: (c) => c.name },
    { header: '档位与奖励', cell: (c) => c.tiers.map((t) => <div key={t.payFen}>{tierText({ ...t, coupons: t.couponTemplateIds.length })}</div>), wrap: true },
    { header: '活动时间', cell: (c) => `${windowText(c)}（${CHANNEL_SCOPE_ZH[c.channelScope]}）`, wrap: true },
    { header: '预算', cell: (c) => budgetText(c), wrap: true },
    { header: '状态', cell: (c) => <Badge tone={STATE_TONE[c.state]}>{CAMPAIGN_STATE_ZH[c.state]}</Badge> },
    {
      header: '操作',
      cell: (c) => (
        <RowActions
          actions={[
            { label: '效果', onClick: () => setShowing(c) },
            ...(c.state === 'RUNNING' || c.state === 'SCHEDULED' || c.state === 'EXHAUSTED'
              ? [{ label: '暂停', busyText: pause.busyId === c.id ? '正在暂停…' : null, onClick: () => pause.run(c) }]
              : []),
            ...(c.state === 'PAUSED' ? [{ label: '恢复', busyText: resume.busyId === c.id ? '正在恢复…' : null, onClick: () => resume.run(c) }] : [])
          ]}
        />
      )
    }
  ]

  return (
    <TeamList
      name='campaigns'
      title='充值活动'
      addLabel='新建充值活动'
      onAdd={() => setCreating(true)}
      notice={notice}
      list={campaigns}
      table={{ columns, rowKey: (c) => c.id, muted: (c) => c.state === 'ENDED', emptyText: '还没有充值活动。新建一个「充300送30」，顾客充值时自动获得奖励。' }}
    >
      {creating && (
        <CreateCampaignDialog
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false)
            setNotice({ tone: 'success', text: `已新建充值活动「${c.name}」` })
            put(c)
          }}
        />
      )}
      {showing && <ResultsDialog campaign={showing} onClose={() => setShowing(null)} />}
    </TeamList>
  )
}

function CreateCampaignDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (c: CampaignView) => void }) {
  const templates = useLoad(() => couponsAdminApi.listTemplates(), [])
  const [draft, setDraft] = useState<CampaignDraft>(() => emptyCampaignDraft(businessDayOf(new Date())))
  const form = useCheckedSubmit({
    check: () => checkCampaignDraft(draft),
    incomplete: '请按提示修改后再创建',
    confirm: { title: `创建充值活动「${draft.name.trim()}」？`, content: '活动开始后，顾客按所选档位充值即自动获得奖励，赠送金从活动预算中支出。奖励可以再修改（已下单的充值按下单时的奖励发放），活动可以随时暂停。', confirmText: '确认创建' },
    send: (input) => campaignsAdminApi.create(input),
    done: onCreated
  })
  const coupons: CouponTemplateView[] = templates.state.status === 'ready' ? templates.state.data.filter((t) => t.status === 'ACTIVE') : []
  const setTier = (i: number, tier: TierDraft) => setDraft({ ...draft, tiers: draft.tiers.map((t, j) => (j === i ? tier : t)) })

  return (
    <Dialog title='新建充值活动' onClose={form.saving ? () => undefined : onClose}>
      <div className='console-form'>
        <TextField label='活动名称' value={draft.name} onChange={(name) => setDraft({ ...draft, name })} placeholder='例如：双十二充值送' error={form.errors.name} />
        <TextField label='开始日期' type='date' value={draft.fromDay} onChange={(fromDay) => setDraft({ ...draft, fromDay })} error={form.errors.fromDay} />
        <TextField label='结束日期' type='date' value={draft.toDay} onChange={(toDay) => setDraft({ ...draft, toDay })} error={form.errors.toDay} hint='北京时间，含当天' />
        <SelectField
          label='适用渠道'
          value={draft.channelScope}
          options={(['ALL', 'ONLINE', 'OFFLINE'] as const).map((value) => ({ value, label: CHANNEL_SCOPE_ZH[value] }))}
          onChange={(channelScope) => setDraft({ ...draft, channelScope: channelScope as CampaignDraft['channelScope'] })}
        />
        <TextField label='活动预算（元，赠送金总额）' value={draft.budgetYuan} onChange={(budgetYuan) => setDraft({ ...draft, budgetYuan })} placeholder='不填为不限预算' error={form.errors.budgetYuan} />
        <TextField label='奖励名额（笔）' value={draft.quantityText} onChange={(quantityText) => setDraft({ ...draft, quantityText })} placeholder='不填为不限名额' error={form.errors.quantityText} />
        {draft.tiers.map((tier, i) => (
          <fieldset key={i} className='campaign-tier'>
            <legend>{`档位 ${i + 1}`}</legend>
            <TextField label={`档位 ${i + 1} 充值金额（元）`} value={tier.payYuan} onChange={(payYuan) => setTier(i, { ...tier, payYuan })} placeholder='例如：300' error={form.errors[`tier${i}`]} />
            <TextField label={`档位 ${i + 1} 赠送金（元）`} value={tier.bonusYuan} onChange={(bonusYuan) => setTier(i, { ...tier, bonusYuan })} placeholder='例如：30' />
            <TextField label={`档位 ${i + 1} 赠送积分`} value={tier.pointsText} onChange={(pointsText) => setTier(i, { ...tier, pointsText })} placeholder='例如：100' />
            <SelectField
              label={`档位 ${i + 1} 赠送优惠券`}
              value={tier.couponTemplateId}
              options={[{ value: '', label: '不送券' }, ...coupons.map((t) => ({ value: t.id, label: t.name }))]}
              onChange={(couponTemplateId) => setTier(i, { ...tier, couponTemplateId })}
            />
          </fieldset>
        ))}
      </div>
      <p className='console-card__note'>不填的档位不参加；没有活动档位的金额按卡产品的充值档位赠送。预算或名额用完后，充值照常到账，不再赠送。</p>
      {form.failure && <Notice tone='error'>{form.failure}</Notice>}
      <DialogActions confirmText='创建' busyText='正在创建…' busy={form.saving} onConfirm={() => void form.submit()} onCancel={onClose} />
    </Dialog>
  )
}

const DAY_COLUMNS: Column<CampaignResultsView['days'][number]>[] = [
  { header: '日期', rowHeader: true, cell: (d) => d.date },
  { header: '奖励笔数', cell: (d) => String(d.grants), num: true },
  { header: '赠送金', cell: (d) => formatYuan(d.costFen), num: true },
  { header: '带动充值', cell: (d) => formatYuan(d.topUpFen), num: true },
  { header: '未奖励（预算用完）', cell: (d) => String(d.refused), num: true },
  { header: '退卡收回', cell: (d) => String(d.clawedBack), num: true }
]

function ResultsDialog({ campaign, onClose }: { campaign: CampaignView; onClose: () => void }) {
  const results = useLoad(() => campaignsAdminApi.results(campaign.id), [campaign.id])
  const [download, setDownload] = useState<{ status: 'idle' | 'busy' } | { status: 'done' | 'failed'; text: string }>({ status: 'idle' })

  async function downloadCsv() {
    setDownload({ status: 'busy' })
    const result = await campaignsAdminApi.downloadResults(campaign.id, `充值活动_${campaign.name}.csv`)
    setDownload(result.ok ? { status: 'done', text: `已下载 ${result.data.filename}` } : { status: 'failed', text: `下载没有成功：${failureMessageZh(result.failure)}` })
  }

  return (
    <Dialog title={`活动效果：${campaign.name}`} onClose={onClose}>
      {results.state.status !== 'ready' ? (
        <Loading load={results} text='正在加载活动效果…' />
      ) : (
        <>
          <Figures
            items={[
              { label: '奖励笔数', value: String(results.state.data.totals.grants), strong: true },
              { label: '赠送金', value: formatYuan(results.state.data.totals.costFen), sub: `积分 ${results.state.data.totals.points} · 券 ${results.state.data.totals.coupons} 张` },
              { label: '带动充值', value: formatYuan(results.state.data.totals.topUpFen) },
              { label: '未奖励', value: String(results.state.data.totals.refused), sub: '预算或名额用完后的充值' }
            ]}
          />
          <ConsoleTable columns={DAY_COLUMNS} rows={results.state.data.days} rowKey={(d) => d.date} emptyText='还没有顾客参加这个活动。' />
          {download.status === 'done' && <Notice tone='success'>{download.text}</Notice>}
          {download.status === 'failed' && <Notice tone='error'>{download.text}</Notice>}
          <Button busyText={download.status === 'busy' ? '正在下载…' : null} onClick={() => void downloadCsv()}>
            下载 CSV
          </Button>
        </>
      )}
    </Dialog>
  )
}
