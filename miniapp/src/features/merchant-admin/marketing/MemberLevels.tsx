import { useState } from 'react'
import type { MemberLadderView } from '@jucard/shared'
import { ConsoleCard } from '../../console/ConsoleCard'
import { Button, Notice, SelectField, TextField } from '../../console/controls'
import { useCheckedSubmit } from '../../console/use-checked-submit'
import { Loading, StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import { checkLadderDraft, discountOptions, draftFromLadder, ladderField, MAX_LEVELS, multiplierOptions, newLevelDraft, type LadderField, type LevelDraft } from './member-ladder-draft'
import { memberLevelsAdminApi } from './member-levels-client'
import './member-levels.css'

const NAME_EXAMPLES = ['例如：银卡', '例如：金卡', '例如：钻石卡']

/** 会员等级: the merchant's ladder by cumulative top-up, edited as rows and saved as a whole after a confirmation. */
export function MemberLevels() {
  const ladder = useLoad(() => memberLevelsAdminApi.ladder(), [])
  return (
    <ConsoleCard className='member-levels' titleId='member-levels' title='会员等级'>
      <p className='console-card__note'>会员按在本店累计充值金额（扣除退卡退回的金额）自动升级；等级越高，消费时享受的折扣越多、得的积分越多。</p>
      {ladder.state.status === 'ready' ? <LadderForm saved={ladder.state.data} onSaved={ladder.set} /> : <Loading load={ladder} text='正在加载会员等级…' />}
    </ConsoleCard>
  )
}

const sameLevels = (a: LevelDraft[], b: LevelDraft[]) => JSON.stringify(a.map(({ key: _, ...row }) => row)) === JSON.stringify(b.map(({ key: _, ...row }) => row))

function LadderForm({ saved, onSaved }: { saved: MemberLadderView; onSaved: (view: MemberLadderView) => void }) {
  const [rows, setRows] = useState<LevelDraft[]>(() => draftFromLadder(saved))
  const [notice, setNotice] = useState<string | null>(null)
  // messages are keyed by row number: once a row is added or removed they would sit at the wrong row
  const [checkedRows, setCheckedRows] = useState('')
  const form = useCheckedSubmit({
    check: () => checkLadderDraft(rows),
    incomplete: '还有内容需要修改，请看标红的地方',
    confirm:
      rows.length > 0
        ? { title: '保存会员等级？', content: '保存后立即对本店所有会员生效：按累计充值金额重新定级，之后消费按新的会员折扣收款、按新的积分倍数得积分；已完成的消费和已经得到的积分不变。', confirmText: '确认保存' }
        : { title: '清空会员等级？', content: '保存后本店不再区分会员等级，所有会员消费都没有会员折扣、按卡产品的规则得积分；已完成的消费和已经得到的积分不变。', confirmText: '确认清空' },
    send: (input) => memberLevelsAdminApi.saveLadder(input),
    done: (view) => {
      onSaved(view)
      setRows(draftFromLadder(view))
      setNotice(view.levels.length > 0 ? `会员等级已保存，共 ${view.levels.length} 级，已对所有会员生效` : '会员等级已清空')
    },
    fieldOf: ladderField
  })
  const rowKeys = rows.map((row) => row.key).join()
  const errors: Partial<Record<LadderField, string>> = checkedRows === rowKeys ? form.errors : {}
  const changed = !sameLevels(rows, draftFromLadder(saved))

  function edit(rowsNow: LevelDraft[]) {
    setRows(rowsNow)
    setNotice(null)
  }
  const change = (i: number, part: Partial<LevelDraft>) => edit(rows.map((row, j) => (j === i ? { ...row, ...part } : row)))
  function save() {
    setNotice(null)
    setCheckedRows(rowKeys)
    void form.submit()
  }

  return (
    <>
      {notice && <Notice tone='success'>{notice}</Notice>}
      {errors.levels && <Notice tone='error'>{errors.levels}</Notice>}
      {rows.length === 0 && <StatePanel kind='empty' text='还没有设置会员等级，添加第一个等级吧' />}
      {rows.map((row, i) => (
        <fieldset key={row.key} className='member-levels__row'>
          <legend className='member-levels__legend'>{`第 ${i + 1} 级`}</legend>
          <TextField label='等级名称' value={row.name} onChange={(name) => change(i, { name })} placeholder={NAME_EXAMPLES[i]} error={errors[`levels.${i}.name`]} />
          <TextField
            label='累计充值达到（元）'
            value={row.thresholdYuan}
            onChange={(thresholdYuan) => change(i, { thresholdYuan })}
            inputMode='decimal'
            placeholder='例如：1000'
            error={errors[`levels.${i}.thresholdFen`]}
          />
          <SelectField
            label='消费积分倍数'
            value={String(row.pointsMultiplierPct)}
            options={multiplierOptions(row.pointsMultiplierPct)}
            onChange={(pct) => change(i, { pointsMultiplierPct: Number(pct) })}
            error={errors[`levels.${i}.pointsMultiplierPct`]}
          />
          <SelectField
            label='会员折扣'
            value={String(row.discountRate)}
            options={discountOptions(row.discountRate)}
            onChange={(rate) => change(i, { discountRate: Number(rate) })}
            error={errors[`levels.${i}.discountRate`]}
          />
          <Button variant='plain' className='member-levels__remove' onClick={() => edit(rows.filter((_, j) => j !== i))}>
            删除
          </Button>
        </fieldset>
      ))}
      {rows.length > 0 && <p className='console-card__note'>等级从低到高排列：每一级的累计充值金额要高于上一级，积分倍数不能低于上一级，会员折扣的优惠不能少于上一级。会员折扣在收款时自动计算：先减优惠券，再按折扣收。积分倍数乘在卡产品的「每消费 1 元得积分」上，不足 1 分的部分不计。</p>}
      <div className='console-actions member-levels__actions'>
        {rows.length < MAX_LEVELS ? (
          <Button onClick={() => edit([...rows, newLevelDraft(rows)])}>添加等级</Button>
        ) : (
          <span className='member-levels__hint'>{`最多 ${MAX_LEVELS} 个等级`}</span>
        )}
        {(rows.length > 0 || saved.levels.length > 0) && (
          <Button variant='primary' busyText={form.saving ? '正在保存…' : null} onClick={save}>
            保存
          </Button>
        )}
        {changed && !form.saving && <span className='member-levels__hint'>修改后点「保存」才生效</span>}
      </div>
      {form.failure && <Notice tone='error'>{form.failure}</Notice>}
    </>
  )
}
