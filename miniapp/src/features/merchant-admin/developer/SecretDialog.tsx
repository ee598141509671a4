import { useCopy } from '@/platform/clipboard'
import { Dialog } from '../../console/Dialog'
import { Button, Notice } from '../../console/controls'
import './developer.css'

interface Props {
  title: string
  /** What the secret is called where it is used: 密钥 (App Secret), 签名密钥. */
  label: string
  secret: string
  /** Lines shown above the secret: the key or endpoint it belongs to. */
  details: Array<{ label: string; value: string }>
  onClose: () => void
}

/** A secret the BFF answers this once: shown with a copy button and the warning that it cannot be seen again. */
export function SecretDialog({ title, label, secret, details, onClose }: Props) {
  const { copied, copy } = useCopy()

  return (
    <Dialog title={title} onClose={onClose}>
      <dl className='developer-secret__details'>
        {details.map((d) => (
          <div key={d.label} className='developer-secret__row'>
            <dt>{d.label}</dt>
            <dd>{d.value}</dd>
          </div>
        ))}
        <div className='developer-secret__row'>
          <dt>{label}</dt>
          <dd>
            <code className='developer-secret__value' aria-label={label}>
              {secret}
            </code>
          </dd>
        </div>
      </dl>
      <Notice tone='error'>{label}只显示这一次，关闭后无法再查看。请立即复制并妥善保存；遗失后只能更换新的。</Notice>
      {copied === 'done' && <Notice tone='success'>已复制到剪贴板</Notice>}
      {copied === 'failed' && <Notice tone='error'>浏览器不允许复制，请手动选中上面的{label}复制</Notice>}
      <div className='console-dialog__actions'>
        <Button onClick={() => void copy(secret)}>复制{label}</Button>
        <Button variant='primary' onClick={onClose}>
          我已保存
        </Button>
      </div>
    </Dialog>
  )
}
